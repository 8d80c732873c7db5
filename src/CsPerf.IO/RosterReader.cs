using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>Reads <c>roster.json</c> (contract "Dataset folder").</summary>
public static class RosterReader
{
    /// <summary>The file name in a dataset folder.</summary>
    public const string FileName = "roster.json";

    /// <summary>Reads a roster file; on any problem the roster is null and every problem is listed (file <c>roster.json</c>).</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="defaultTimeZone">Zone of a shop that names none.</param>
    public static (Roster? Roster, IReadOnlyList<RejectedLine> Errors) Read(string path, string defaultTimeZone)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllBytes(path), defaultTimeZone);
    }

    /// <summary>Parses roster JSON (UTF-8).</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="defaultTimeZone">Zone of a shop that names none.</param>
    public static (Roster? Roster, IReadOnlyList<RejectedLine> Errors) Parse(ReadOnlyMemory<byte> utf8, string defaultTimeZone)
    {
        var errors = new List<RejectedLine>();
        void Error(string field, string problem) => errors.Add(new RejectedLine(FileName, 0, field, problem));
        JsonDocument doc;
        var bytes = Ingest.JsonText.SkipBom(utf8);
        if (Ingest.JsonText.Check(bytes.Span, FileName) is { } bad)
        {
            // Roster problems name the whole document "-" (never null), as the other roster errors do.
            errors.Add(bad.ToRejectedLine() with { Field = bad.Field ?? "-" });
            return (null, errors);
        }

        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            errors.Add(new RejectedLine(FileName, (ex.LineNumber ?? -1) + 1, null, "not valid JSON"));
            return (null, errors);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("-", "expected a JSON object with \"shops\" and \"agents\"");
                return (null, errors);
            }

            var shops = ImmutableArray.CreateBuilder<ShopInfo>();
            foreach (var (shop, i) in Items(root, "shops", Error))
            {
                string f = $"shops[{i}]";
                string? id = Id(shop, "id", f, Error);
                string zone = Str(shop, "timeZone", f, false, Error) ?? defaultTimeZone;
                if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
                {
                    Error(f + ".timeZone", $"\"{zone}\" is not an IANA time zone id (e.g. \"Asia/Shanghai\")");
                }
                else if (id is not null)
                {
                    shops.Add(new ShopInfo(id, zone));
                }
            }

            var agents = ImmutableArray.CreateBuilder<AgentInfo>();
            foreach (var (agent, i) in Items(root, "agents", Error))
            {
                string f = $"agents[{i}]";
                string? id = Id(agent, "id", f, Error);
                string? name = Str(agent, "name", f, false, Error);
                var accounts = ImmutableArray.CreateBuilder<AccountBinding>();
                foreach (var (acc, j) in Items(agent, "accounts", Error, f + "."))
                {
                    string g = $"{f}.accounts[{j}]";
                    string? shop = Id(acc, "shop", g, Error);
                    string? account = Id(acc, "account", g, Error);
                    string role = Str(acc, "role", g, false, Error) ?? "presale";
                    AccountRole? r = role switch { "presale" => AccountRole.Presale, "aftersale" => AccountRole.Aftersale, _ => null };
                    if (r is null)
                    {
                        Error(g + ".role", $"expected \"presale\" or \"aftersale\", was \"{role}\"");
                    }
                    else if (shop is not null && account is not null)
                    {
                        accounts.Add(new AccountBinding(shop, account, r.Value));
                    }
                }

                decimal? target = Money(agent, "salesTarget", f, Error);
                ImmutableDictionary<string, decimal>? targets = null;
                if (agent.TryGetProperty("salesTargets", out var t) && t.ValueKind != JsonValueKind.Null)
                {
                    if (t.ValueKind != JsonValueKind.Object)
                    {
                        Error(f + ".salesTargets", "expected an object of \"yyyy-MM\": amount");
                    }
                    else
                    {
                        var map = ImmutableDictionary.CreateBuilder<string, decimal>(StringComparer.Ordinal);
                        foreach (var p in t.EnumerateObject())
                        {
                            if (!YearMonthPattern.Iso.Parse(p.Name).Success)
                            {
                                Error($"{f}.salesTargets", $"\"{p.Name}\" is not a month (yyyy-MM)");
                            }
                            else if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var v) || AmountRules.AmountProblem(v) is not null)
                            {
                                Error($"{f}.salesTargets.{p.Name}", "expected a number from 0 to 1000000000000");
                            }
                            else
                            {
                                map[p.Name] = v;
                            }
                        }

                        targets = map.ToImmutable();
                    }
                }

                if (id is not null)
                {
                    agents.Add(new AgentInfo(id, name ?? id, accounts.ToImmutable(), target, targets));
                }
            }

            // Groups 客服组 (domain.md §6 "Groups"): each field checked here, membership against the agents below.
            var groups = ImmutableArray.CreateBuilder<GroupInfo>();
            foreach (var (group, i) in Items(root, "groups", Error))
            {
                string f = $"groups[{i}]";
                string? id = Id(group, "id", f, Error);
                string? name = Str(group, "name", f, false, Error);
                var members = ImmutableArray.CreateBuilder<string>();
                if (!group.TryGetProperty("agents", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    Error(f + ".agents", "expected an array of agent ids");
                }
                else
                {
                    int j = 0;
                    foreach (var item in list.EnumerateArray())
                    {
                        string g = $"{f}.agents[{j++}]";
                        if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
                        {
                            Error(g, "expected a non-empty string (an agent id)");
                        }
                        else
                        {
                            members.Add(item.GetString()!);
                        }
                    }
                }

                if (id is not null)
                {
                    groups.Add(new GroupInfo(id, name ?? id, members.ToImmutable()));
                }
            }

            var roster = new Roster(shops.ToImmutable(), agents.ToImmutable()) { Groups = groups.ToImmutable() };
            if (errors.Count == 0)
            {
                foreach (var (field, problem) in roster.GroupProblems())
                {
                    Error(field, problem);
                }
            }

            return errors.Count > 0 ? (null, errors) : (roster, errors);
        }
    }

    private static IEnumerable<(JsonElement Item, int Index)> Items(JsonElement parent, string name, Action<string, string> error, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            error(prefix + name, "expected an array");
            yield break;
        }

        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                error($"{prefix}{name}[{i}]", "expected an object");
            }
            else
            {
                yield return (item, i);
            }

            i++;
        }
    }

    private static string? Id(JsonElement obj, string name, string path, Action<string, string> error)
    {
        string? id = Str(obj, name, path, true, error);
        if (id is not null && IdRules.Problem(id) is { } problem)
        {
            error($"{path}.{name}", $"\"{IdRules.Shown(id)}\" {problem}");
            return null;
        }

        return id;
    }

    private static string? Str(JsonElement obj, string name, string path, bool required, Action<string, string> error)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error($"{path}.{name}", "missing");
            }

            return null;
        }

        if (v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
        {
            error($"{path}.{name}", "expected a non-empty string");
            return null;
        }

        return v.GetString();
    }

    private static decimal? Money(JsonElement obj, string name, string path, Action<string, string> error)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && AmountRules.AmountProblem(d) is null)
        {
            return d;
        }

        error($"{path}.{name}", $"expected a number from 0 to 1000000000000, was {v.GetRawText().ToString(CultureInfo.InvariantCulture)}");
        return null;
    }
}
