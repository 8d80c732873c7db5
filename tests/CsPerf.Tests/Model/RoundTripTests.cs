using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Xunit;

namespace CsPerf.Tests.Model;

/// <summary>
/// Issue 8 item 6: every public type of CsPerf.Engine.Abstractions either round-trips through System.Text.Json (with
/// NodaTime's converters) or says in its documentation that it is not serialisable, and why. The samples are built by
/// reflection, so a type added to the model is checked without anyone writing a sample for it.
/// </summary>
public sealed class RoundTripTests
{
    /// <summary>The model types that do not round-trip through the plain serializer; each says so in its XML docs.</summary>
    private static readonly HashSet<Type> NotSerialisable = [typeof(KpiValue)];

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    private static readonly Assembly Model = typeof(CsPerfConfig).Assembly;

    public static TheoryData<string> ModelTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in Model.GetExportedTypes().Where(IsInstanceType).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(t.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void ModelType_RoundTripsOrIsDocumentedNotSerialisable(string typeName)
    {
        var type = Model.GetType(typeName, throwOnError: true)!;
        string? failure = RoundTripFailure(type);
        if (NotSerialisable.Contains(type))
        {
            Assert.True(failure is not null, $"{type.Name} round-trips now: take it off the not-serialisable list and its docs.");
            Assert.Contains("not serialisable", Documentation(type), StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.True(failure is null, $"{type.Name}: {failure}");
        }
    }

    [Fact] // domain.md §6 "Groups": the group records are in the model and so round-trip (with Roster.Groups, PeriodReport.Groups)
    public void ModelTypes_IncludeTheGroupRecords()
    {
        var types = Model.GetExportedTypes().Where(IsInstanceType).ToHashSet();
        Assert.Contains(typeof(GroupInfo), types);
        Assert.Contains(typeof(GroupReport), types);
        var roster = new Roster([new ShopInfo("s1", "UTC")], []) { Groups = [new GroupInfo("g1", "售前一组", ["a1"])] };
        var back = JsonSerializer.Deserialize<Roster>(JsonSerializer.Serialize(roster, Options), Options)!;
        Assert.Equal("售前一组", Assert.Single(back.Groups).Name);
        Assert.Equal(new[] { "a1" }, back.Groups[0].Agents.AsEnumerable());
    }

    public static TheoryData<string> ContextTypes()
    {
        var data = new TheoryData<string>();
        foreach (var a in typeof(CsPerf.IO.CsPerfJsonContext).GetCustomAttributesData().Where(a => a.AttributeType == typeof(System.Text.Json.Serialization.JsonSerializableAttribute)))
        {
            data.Add(((Type)a.ConstructorArguments[0].Value!).FullName!);
        }

        return data;
    }

    [Theory] // issue 10 item 4: the public source-generated context round-trips every type it names, and writes what the
             // reflection serializer (with NodaTime's converters) writes
    [MemberData(nameof(ContextTypes))]
    public void SourceGeneratedContext_RoundTrips(string typeName)
    {
        var type = Model.GetType(typeName) ?? typeof(CsPerf.IO.CsPerfJsonContext).Assembly.GetType(typeName, throwOnError: true)!;
        var context = CsPerf.IO.CsPerfJsonContext.Default;
        object sample = Sample(type, 0)!;
        string first = JsonSerializer.Serialize(sample, type, context);
        object? back = JsonSerializer.Deserialize(first, type, context);
        Assert.Equal(first, JsonSerializer.Serialize(back, type, context));
        var reflection = new JsonSerializerOptions(Options) { Converters = { new CsPerf.IO.YearMonthJsonConverter() } };
        Assert.Equal(JsonSerializer.Serialize(sample, type, reflection), first);
    }

    [Fact] // issue 10 item 4: a config serialised through the context is a config.json the loader reads back
    public void SourceGeneratedContext_Config_IsAConfigFile()
    {
        var config = CsPerfConfig.Default with { PaymentWindow = Duration.FromDays(3), AttributionRule = AttributionRule.Order };
        string json = JsonSerializer.Serialize(config, CsPerf.IO.CsPerfJsonContext.Default.CsPerfConfig);
        string path = Path.Combine(Path.GetTempPath(), $"csperf-ctx-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var source = CsPerf.IO.ConfigLoader.FromFile(path);
            Assert.Empty(source.Problems);
            Assert.Equal(json, JsonSerializer.Serialize(CsPerf.IO.ConfigLoader.Merge([source]).Config, CsPerf.IO.CsPerfJsonContext.Default.CsPerfConfig));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool IsInstanceType(Type t) =>
        !(t.IsAbstract && t.IsSealed) // static classes
        && !t.IsInterface && !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t) && !t.IsGenericTypeDefinition
        && !typeof(System.Text.Json.Serialization.JsonConverter).IsAssignableFrom(t); // the converters themselves are behaviour

    private static string? RoundTripFailure(Type type)
    {
        try
        {
            object? sample = Sample(type, 0) ?? throw new InvalidOperationException("no sample could be built");
            string first = JsonSerializer.Serialize(sample, type, Options);
            object? back = JsonSerializer.Deserialize(first, type, Options);
            string second = JsonSerializer.Serialize(back, type, Options);
            return first == second ? null : $"differs after a round trip:\n{first}\n{second}";
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static string Documentation(Type type)
    {
        string xml = Path.ChangeExtension(Model.Location, ".xml");
        var doc = XDocument.Load(xml);
        string id = "T:" + type.FullName!.Replace('+', '.');
        var member = doc.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == id);
        return member?.Value ?? "";
    }

    /// <summary>A value of <paramref name="type"/> with every member set to something other than its default.</summary>
    private static object? Sample(Type type, int depth)
    {
        if (depth > 12)
        {
            return null;
        }

        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Sample(inner, depth);
        }

        if (type == typeof(KpiValue))
        {
            return KpiValue.FromMoney(12.50m); // money: a lone value cannot say so
        }

        if (type == typeof(KpiSet))
        {
            // One value of each kind under a catalogue key, plus a null.
            return new KpiSet(KpiDefinitions.All.Select((d, i) => new KeyValuePair<string, KpiValue>(d.Key, (i % 5, d.ValueKind) switch
            {
                (_, KpiKind.Breakdown) => KpiValue.FromBreakdown([new("态度", 2), new("", 1), new("回复慢", 3)]),
                (0, _) => KpiValue.Null,
                (_, KpiKind.Count) => KpiValue.FromCount(i),
                (_, KpiKind.Money) => KpiValue.FromMoney(i + 0.10m),
                (_, KpiKind.Real) => KpiValue.FromReal(i / 7.0),
                (_, KpiKind.Hourly) => KpiValue.FromHourly([.. Enumerable.Range(0, 24)]),
                _ => KpiValue.Null,
            })));
        }

        if (type.IsAbstract && type.GetCustomAttributes<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().LastOrDefault() is { } derived)
        {
            return Sample(derived.DerivedType, depth); // a polymorphic base round-trips as one of its derived types
        }

        if (type == typeof(string))
        {
            return "s1";
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1);
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
        {
            return Convert.ChangeType(3, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(double))
        {
            return 0.25;
        }

        if (type == typeof(decimal))
        {
            return 12.34m;
        }

        if (type == typeof(Instant))
        {
            return Instant.FromUtc(2026, 11, 3, 1, 2, 3);
        }

        if (type == typeof(LocalDate))
        {
            return new LocalDate(2026, 11, 3);
        }

        if (type == typeof(LocalTime))
        {
            return new LocalTime(9, 30);
        }

        if (type == typeof(YearMonth))
        {
            return new YearMonth(2026, 11);
        }

        if (type == typeof(Duration))
        {
            return Duration.FromMinutes(15);
        }

        if (type == typeof(DateTimeZone))
        {
            return DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        }

        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, 1);
            array.SetValue(Sample(element, depth + 1), 0);
            return array;
        }

        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (def == typeof(ImmutableArray<>))
            {
                var array = Array.CreateInstance(args[0], 1);
                array.SetValue(Sample(args[0], depth + 1), 0);
                return typeof(ImmutableArray).GetMethods()
                    .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                    .MakeGenericMethod(args[0]).Invoke(null, [array]);
            }

            if (def == typeof(IReadOnlyList<>) || def == typeof(IEnumerable<>) || def == typeof(IReadOnlyCollection<>) || def == typeof(List<>))
            {
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(args[0]))!;
                list.Add(Sample(args[0], depth + 1));
                return list;
            }

            if (def == typeof(ImmutableDictionary<,>) || def == typeof(IReadOnlyDictionary<,>) || def == typeof(IDictionary<,>) || def == typeof(Dictionary<,>))
            {
                var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                dict.Add(Sample(args[0], depth + 1)!, Sample(args[1], depth + 1));
                if (def == typeof(ImmutableDictionary<,>))
                {
                    var pairs = Activator.CreateInstance(typeof(List<>).MakeGenericType(typeof(KeyValuePair<,>).MakeGenericType(args)))!;
                    foreach (DictionaryEntry e in dict)
                    {
                        ((IList)pairs).Add(Activator.CreateInstance(typeof(KeyValuePair<,>).MakeGenericType(args), e.Key, e.Value));
                    }

                    return typeof(ImmutableDictionary).GetMethods()
                        .Single(m => m.Name == nameof(ImmutableDictionary.CreateRange) && m.GetParameters().Length == 1)
                        .MakeGenericMethod(args).Invoke(null, [pairs]);
                }

                return dict;
            }
        }

        // A record or class: the public constructor with the most parameters, then every settable property.
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        object instance;
        if (ctor is null)
        {
            if (!type.IsValueType)
            {
                return null;
            }

            instance = Activator.CreateInstance(type)!;
        }
        else
        {
            instance = ctor.Invoke([.. ctor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1))]);
        }

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && ctor?.GetParameters().Any(c => string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase)) != true)
            {
                var value = Sample(p.PropertyType, depth + 1);
                if (value is not null)
                {
                    p.SetValue(instance, value);
                }
            }
        }

        return instance;
    }
}
