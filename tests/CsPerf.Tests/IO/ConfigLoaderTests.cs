using CsPerf.IO;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Xunit;

namespace CsPerf.Tests.IO;

// contract.md "Config file": knob names, duration formats, merge order
// defaults < Preset < the dataset's config.json < --config F < command-line flags.
public class ConfigLoaderTests
{
    [Theory]
    [InlineData("00:15:00", 15 * 60)]
    [InlineData("1.02:00:00", 26 * 3600)]
    [InlineData("PT15M", 15 * 60)]
    [InlineData("P3D", 3 * 86400)]
    [InlineData("PT30S", 30)]
    [InlineData("PT1H30M", 5400)]
    public void TryParseDuration_AcceptedFormats_Parse(string text, int seconds)
    {
        Assert.True(ConfigLoader.TryParseDuration(text, out var d));
        Assert.Equal(Duration.FromSeconds(seconds), d);
    }

    [Theory]
    [InlineData("15m")]
    [InlineData("P1M")]
    [InlineData("")]
    public void TryParseDuration_OtherText_Fails(string text) => Assert.False(ConfigLoader.TryParseDuration(text, out _));

    [Fact]
    public void FromJson_ContractExample_SetsEveryKnob()
    {
        var r = ConfigLoader.Merge([ConfigLoader.FromJson("""{"SessionGap":"00:15:00","AfterSaleDays":14,"AttributionRule":"OrderFirst","AdPhrase":"你是广告","FilteredCustomers":["x","y"],"SingleLineFilter":true,"AovBasis":"Orders"}""", "config.json")]);
        Assert.Empty(r.Errors);
        Assert.Equal("你是广告", r.Config.AdPhrase);
        Assert.Equal(["x", "y"], r.Config.FilteredCustomers.ToArray());
        Assert.True(r.Config.SingleLineFilter);
        Assert.Equal(AovBasis.Orders, r.Config.AovBasis);
    }

    [Fact]
    public void Merge_LaterSourcesWin_KnobByKnob_PresetBelowFiles()
    {
        var dataset = ConfigLoader.FromJson("""{"Preset":"small","SessionGap":"00:10:00","AfterSaleDays":7}""", "config.json");
        var explicitFile = ConfigLoader.FromJson("""{"SessionGap":"00:20:00","FirstResponseTarget":"PT40S"}""", "my.json");
        var flags = ConfigLoader.FromPairs([new("AfterSaleDays", "3")], "command line");
        var r = ConfigLoader.Merge([dataset, explicitFile, flags]);
        Assert.Empty(r.Errors);
        Assert.Equal(Duration.FromMinutes(20), r.Config.SessionGap);
        Assert.Equal(3, r.Config.AfterSaleDays);
        Assert.Equal(Duration.FromSeconds(40), r.Config.FirstResponseTarget); // a file beats the preset
        Assert.Equal("small", r.Config.Preset);

        var presetOnly = ConfigLoader.Merge([dataset]);
        Assert.Equal(Duration.FromSeconds(45), presetOnly.Config.FirstResponseTarget);
    }

    [Fact]
    public void Merge_PresetFromCommandLine_StillBelowFiles()
    {
        var file = ConfigLoader.FromJson("""{"FirstResponseTarget":"00:00:20"}""", "config.json");
        var flags = ConfigLoader.FromPairs([new("Preset", "small")], "command line");
        Assert.Equal(Duration.FromSeconds(20), ConfigLoader.Merge([file, flags]).Config.FirstResponseTarget);
    }

    [Fact]
    public void FromJson_UnknownKnobAndBadValues_AreNamed()
    {
        var r = ConfigLoader.Merge([ConfigLoader.FromJson("""{"sessionGap":"00:10:00","Nope":1,"AfterSaleDays":"14","SessionGap":"soon"}""", "config.json")]);
        Assert.Equal(4, r.Errors.Count);
        Assert.Equal("config.json:0: sessionGap: unknown knob; did you mean SessionGap?", r.Errors[0]);
        Assert.StartsWith("config.json:0: Nope: unknown knob; knobs are ", r.Errors[1], StringComparison.Ordinal);
        Assert.Equal("config.json:0: AfterSaleDays: expected a whole number, was \"14\"", r.Errors[2]);
        Assert.StartsWith("config.json:0: SessionGap: expected a duration", r.Errors[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_InvalidValue_NamesTheSourceThatSetIt()
    {
        var r = ConfigLoader.Merge([ConfigLoader.FromJson("""{"SessionGap":"-00:01:00","TimeZone":"Mars/Olympus"}""", "config.json")]);
        Assert.Equal(2, r.Errors.Count);
        Assert.Contains(r.Errors, e => e.StartsWith("config.json:0: TimeZone: ", StringComparison.Ordinal));
        Assert.Contains(r.Errors, e => e.StartsWith("config.json:0: SessionGap: must be a positive duration", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCsPerf_BindsSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CsPerf:SessionGap"] = "PT10M",
            ["CsPerf:AdPhrase"] = "你是广告",
            ["CsPerf:FilteredCustomers:0"] = "x",
            ["CsPerf:FilteredCustomers:1"] = "y",
            ["CsPerf:AttributionRule"] = "Payment",
        }).Build();
        using var sp = new ServiceCollection().AddCsPerf(configuration).AddCsPerf(configuration).BuildServiceProvider();
        var config = sp.GetRequiredService<CsPerfConfig>();
        Assert.Equal(Duration.FromMinutes(10), config.SessionGap);
        Assert.Equal("你是广告", config.AdPhrase);
        Assert.Equal(["x", "y"], config.FilteredCustomers.ToArray());
        Assert.Equal(AttributionRule.Payment, config.AttributionRule);
    }

    [Fact]
    public void AddCsPerf_InvalidSection_FailsAtStartWithEveryProblem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CsPerf:SessionGap"] = "00:00:00",
            ["CsPerf:Bogus"] = "1",
        }).Build();
        using var sp = new ServiceCollection().AddCsPerf(configuration).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Bogus: unknown knob", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SessionGap: must be a positive duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact] // issue 10: a section passed in is bound itself, however deep it sits
    public void AddCsPerf_NestedSection_BindsThatSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:Reports:CsPerf:SessionGap"] = "PT10M",
            ["App:Reports:CsPerf:AttributionRule"] = "Payment",
        }).Build();
        using var sp = new ServiceCollection().AddCsPerf(configuration.GetSection("App:Reports:CsPerf")).BuildServiceProvider();
        var config = sp.GetRequiredService<CsPerfConfig>();
        Assert.Equal(Duration.FromMinutes(10), config.SessionGap);
        Assert.Equal(AttributionRule.Payment, config.AttributionRule);
    }

    [Theory] // issue 10: a missing or empty section is an error naming the path, never silent defaults
    [InlineData("App:Reports:CsPerf")]
    [InlineData("Nowhere")]
    public void AddCsPerf_MissingSection_IsAnErrorNamingThePath(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:Reports:Other"] = "1",
        }).Build();
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCsPerf(configuration.GetSection(path)));
        Assert.Contains($"configuration section \"{path}\" is missing or empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact] // issue 10: the root configuration without a CsPerf section is an error too
    public void AddCsPerf_RootWithoutCsPerfSection_IsAnError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Other"] = "1" }).Build();
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCsPerf(configuration));
        Assert.Contains("configuration section \"CsPerf\" is missing or empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact] // issue 10: problems name the configuration path of the knob, not a file
    public void AddCsPerf_InvalidNestedSection_NamesTheConfigurationPath()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:CsPerf:SessionGap"] = "00:00:00",
            ["App:CsPerf:Bogus"] = "1",
        }).Build();
        using var sp = new ServiceCollection().AddCsPerf(configuration.GetSection("App:CsPerf")).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("App:CsPerf:Bogus: unknown knob", ex.Message, StringComparison.Ordinal);
        Assert.Contains("App:CsPerf:SessionGap: must be a positive duration", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":0:", ex.Message, StringComparison.Ordinal);
    }

    [Fact] // issue 10: configured in code, validated the same way
    public void AddCsPerf_Action_ConfiguresAndValidates()
    {
        using (var sp = new ServiceCollection().AddCsPerf(o => o.Config = o.Config with { AdPhrase = "你是广告" }).BuildServiceProvider())
        {
            Assert.Equal("你是广告", sp.GetRequiredService<CsPerfConfig>().AdPhrase);
        }

        using var bad = new ServiceCollection().AddCsPerf(o => o.Config = o.Config with { SessionGap = Duration.Zero }).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("CsPerfOptions.Config:SessionGap: must be a positive duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact] // issue 10: a CsPerfConfig serialised with System.Text.Json and NodaTime's converters is a config.json (one format)
    public void SerialisedConfig_IsReadBackByTheConfigLoader()
    {
        var config = CsPerfConfig.Default with
        {
            PaymentWindow = Duration.FromDays(4),
            SessionGap = Duration.FromMinutes(10),
            FirstResponseTarget = Duration.FromMilliseconds(30_500),
            AttributionRule = AttributionRule.Payment,
            AovBasis = AovBasis.Orders,
            AdPhrase = "你是广告",
            FilteredCustomers = ["x", "y"],
        };
        var options = new System.Text.Json.JsonSerializerOptions().ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        string json = System.Text.Json.JsonSerializer.Serialize(config, options);
        Assert.Contains("\"AttributionRule\":\"Payment\"", json, StringComparison.Ordinal);
        Assert.Contains("\"PaymentWindow\":\"96:00:00\"", json, StringComparison.Ordinal);

        string path = Path.Combine(Path.GetTempPath(), $"csperf-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var source = ConfigLoader.FromFile(path);
            Assert.Empty(source.Problems);
            var back = ConfigLoader.Merge([source]).Config;
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(config, options), System.Text.Json.JsonSerializer.Serialize(back, options));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
