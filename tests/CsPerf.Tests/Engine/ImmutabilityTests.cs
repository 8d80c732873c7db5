using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>The abstractions are immutable (the brief: "an immutable config record"; style.md: NodaTime's mutability test).</summary>
public class ImmutabilityTests
{
    [Fact]
    public void PublicTypes_OfAbstractions_HaveNoPublicSettersOrFields()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(CsPerfConfig).Assembly.GetExportedTypes())
        {
            if (type == typeof(DatasetBuilder) || type.IsEnum || type.IsInterface)
            {
                continue; // the builder is the one mutable type, by design: it makes a Dataset
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var setter = property.SetMethod;
                bool initOnly = setter?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true;
                if (setter is { IsPublic: true } && !initOnly)
                {
                    offenders.Add($"{type.Name}.{property.Name} has a public setter");
                }
            }

            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!field.IsInitOnly && !field.IsLiteral)
                {
                    offenders.Add($"{type.Name}.{field.Name} is a writable public field");
                }
            }
        }

        Assert.Empty(offenders);
    }
}
