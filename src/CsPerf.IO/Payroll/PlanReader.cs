using System.Collections.Immutable;
using System.Text.Json;
using CsPerf.Engine.Payroll;

namespace CsPerf.IO.Payroll;

/// <summary>
/// Reads a payroll plan file (one JSON object, issue 7 / domain.md §7) into a <see cref="PayrollPlan"/>. Syntax
/// errors, wrong types, unknown fields and unknown names are all reported at once, each with its JSON path
/// (<c>plan.json: $.commission.tiers[1].rate: expected a number</c>); the engine's
/// <see cref="Engine.PayrollEngine.Validate"/> then checks the meaning.
/// </summary>
/// <remarks>
/// Unknown fields are errors, unlike in dataset lines: a misspelt <c>deductRefunds</c> silently ignored would change
/// pay. Stateless and thread safe.
/// </remarks>
public static class PlanReader
{
    /// <summary>Reads a plan file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The plan with faulty fields left out (null when unreadable), and every problem; see <see cref="Parse"/>.</returns>
    public static (PayrollPlan? Plan, IReadOnlyList<JsonFileProblem> Errors) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        if (JsonFiles.NotAFile(path) is { } problem)
        {
            return (null, [problem]);
        }

        return Parse(File.ReadAllBytes(path), file);
    }

    /// <summary>Parses a plan (UTF-8 JSON).</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="file">The file name used in problems.</param>
    /// <returns>
    /// The plan with every faulty field left out (null when the text is not a JSON object), and every problem; a plan
    /// read with problems must not be scored, but can still be validated to list its other problems at once.
    /// </returns>
    public static (PayrollPlan? Plan, IReadOnlyList<JsonFileProblem> Errors) Parse(ReadOnlyMemory<byte> utf8, string file)
    {
        var errors = new List<JsonFileProblem>();
        using var doc = JsonFiles.Parse(utf8, file, errors);
        if (doc is null)
        {
            return (null, errors);
        }

        var r = new Walker(file, errors);
        return (r.Plan(doc.RootElement), errors);
    }

    /// <summary>Walks the document, building the plan and collecting every type problem.</summary>
    private sealed class Walker(string file, List<JsonFileProblem> errors)
    {
        private void Error(string path, string problem) => errors.Add(new JsonFileProblem(file, path, problem));

        private static string Show(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => e.GetRawText(),
        };

        /// <summary>Whether <paramref name="e"/> is an object; its fields outside <paramref name="known"/> are errors.</summary>
        private bool Object(JsonElement e, string path, params string[] known)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"expected an object, was {Show(e)}");
                return false;
            }

            foreach (var p in e.EnumerateObject())
            {
                if (Array.IndexOf(known, p.Name) < 0)
                {
                    Error($"{path}.{p.Name}", $"unknown field (known: {string.Join(", ", known)})");
                }
            }

            return true;
        }

        private static bool Get(JsonElement obj, string name, out JsonElement value) =>
            obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private decimal? Number(JsonElement obj, string name, string path)
        {
            if (!Get(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d))
            {
                return d;
            }

            Error($"{path}.{name}", $"expected a number, was {Show(v)}");
            return null;
        }

        private int? Integer(JsonElement obj, string name, string path)
        {
            if (!Get(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i))
            {
                return i;
            }

            Error($"{path}.{name}", $"expected a whole number, was {Show(v)}");
            return null;
        }

        private bool? Bool(JsonElement obj, string name, string path)
        {
            if (!Get(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetBoolean();
            }

            Error($"{path}.{name}", $"expected true or false, was {Show(v)}");
            return null;
        }

        private string? String(JsonElement obj, string name, string path)
        {
            if (!Get(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }

            Error($"{path}.{name}", $"expected a string, was {Show(v)}");
            return null;
        }

        private T? Choice<T>(JsonElement obj, string name, string path, params (string Text, T Value)[] choices)
            where T : struct
        {
            if (String(obj, name, path) is not { } text)
            {
                return null;
            }

            foreach (var (t, value) in choices)
            {
                if (t == text)
                {
                    return value;
                }
            }

            Error($"{path}.{name}", $"expected {string.Join(", ", choices.Select(c => "\"" + c.Text + "\""))}, was \"{text}\"");
            return null;
        }

        private ImmutableArray<T>? List<T>(JsonElement obj, string name, string path, Func<JsonElement, string, T?> item)
            where T : class
        {
            if (!Get(obj, name, out var v))
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Array)
            {
                Error($"{path}.{name}", $"expected an array, was {Show(v)}");
                return null;
            }

            var list = ImmutableArray.CreateBuilder<T>();
            int i = 0;
            foreach (var e in v.EnumerateArray())
            {
                if (item(e, $"{path}.{name}[{i}]") is { } x)
                {
                    list.Add(x);
                }

                i++;
            }

            return list.ToImmutable();
        }

        public PayrollPlan? Plan(JsonElement root)
        {
            if (!Object(root, "$", "name", "appliesTo", "base", "commission", "performance", "ranking", "penalties", "attendance"))
            {
                return null;
            }

            return new PayrollPlan
            {
                Name = String(root, "name", "$") ?? "",
                AppliesTo = Get(root, "appliesTo", out var s) ? Scope(s, "$.appliesTo") : null,
                Base = Get(root, "base", out var b) ? Base(b, "$.base") : null,
                Commission = Get(root, "commission", out var c) ? Commission(c, "$.commission") : null,
                Performance = Get(root, "performance", out var p) ? Performance(p, "$.performance") : null,
                Ranking = Get(root, "ranking", out var r) ? Ranking(r, "$.ranking") : null,
                Penalties = List(root, "penalties", "$", Penalty) ?? ImmutableArray<PenaltyItem>.Empty,
                Attendance = Get(root, "attendance", out var a) && Object(a, "$.attendance", "fullAttendanceBonus")
                    ? new AttendancePlan { FullAttendanceBonus = Number(a, "fullAttendanceBonus", "$.attendance") }
                    : null,
            };
        }

        private PlanScope? Scope(JsonElement e, string path)
        {
            if (!Object(e, path, "roles", "agents"))
            {
                return null;
            }

            var roles = List(e, "roles", path, (x, at) =>
            {
                switch (x.ValueKind == JsonValueKind.String ? x.GetString() : null)
                {
                    case "presale":
                        return new Boxed<PlanRole>(PlanRole.Presale);
                    case "aftersale":
                        return new Boxed<PlanRole>(PlanRole.Aftersale);
                    default:
                        Error(at, $"expected \"presale\" or \"aftersale\", was {Show(x)}");
                        return null;
                }
            });
            var agents = List(e, "agents", path, (x, at) =>
            {
                if (x.ValueKind != JsonValueKind.String)
                {
                    Error(at, $"expected an agent id string, was {Show(x)}");
                    return null;
                }

                return x.GetString();
            });
            return new PlanScope { Roles = roles?.Select(r => r.Value).ToImmutableArray(), Agents = agents };
        }

        private BasePlan? Base(JsonElement e, string path)
        {
            if (!Object(e, path, "default", "overrides", "prorate"))
            {
                return null;
            }

            var overrides = ImmutableDictionary.CreateBuilder<string, decimal>(StringComparer.Ordinal);
            if (Get(e, "overrides", out var o))
            {
                if (o.ValueKind != JsonValueKind.Object)
                {
                    Error(path + ".overrides", $"expected an object of agent id: amount, was {Show(o)}");
                }
                else
                {
                    foreach (var p in o.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d))
                        {
                            overrides[p.Name] = d;
                        }
                        else
                        {
                            Error($"{path}.overrides.{p.Name}", $"expected a number, was {Show(p.Value)}");
                        }
                    }
                }
            }

            return new BasePlan { Default = Number(e, "default", path), Overrides = overrides.ToImmutable(), Prorate = Bool(e, "prorate", path) };
        }

        private CommissionPlan? Commission(JsonElement e, string path)
        {
            if (!Object(e, path, "basis", "deductPostage", "deductRefunds", "rule", "mode", "method", "baseline", "rate", "amount", "cap", "tiers"))
            {
                return null;
            }

            return new CommissionPlan
            {
                Basis = Choice(e, "basis", path, ("sales", CommissionBasis.Sales), ("items", CommissionBasis.Items)),
                DeductPostage = Bool(e, "deductPostage", path),
                DeductRefunds = Bool(e, "deductRefunds", path),
                Rule = Choice(e, "rule", path, ("OrderFirst", AttributionRule.OrderFirst), ("Order", AttributionRule.Order), ("Payment", AttributionRule.Payment)),
                Mode = Choice(e, "mode", path, ("linear", CommissionMode.Linear), ("tiered", CommissionMode.Tiered), ("perItem", CommissionMode.PerItem)),
                Method = Choice(e, "method", path, ("progressive", TierMethod.Progressive), ("whole", TierMethod.Whole)),
                Baseline = Number(e, "baseline", path),
                Rate = Number(e, "rate", path),
                Amount = Number(e, "amount", path),
                Cap = Number(e, "cap", path),
                Tiers = List(e, "tiers", path, (t, at) => Object(t, at, "from", "rate") ? new CommissionTier(Number(t, "from", at), Number(t, "rate", at)) : null),
            };
        }

        private PerformancePlan? Performance(JsonElement e, string path)
        {
            if (!Object(e, path, "bonusBase", "items", "grades"))
            {
                return null;
            }

            return new PerformancePlan
            {
                BonusBase = Number(e, "bonusBase", path),
                Items = List(e, "items", path, Item),
                Grades = List(e, "grades", path, (g, at) => Object(g, at, "min", "grade", "coefficient")
                    ? new GradeBand(Number(g, "min", at), String(g, "grade", at), Number(g, "coefficient", at))
                    : null),
            };
        }

        private PerformanceItem? Item(JsonElement e, string path)
        {
            if (!Object(e, path, "kpi", "external", "weight", "higherIsBetter", "bands", "linear", "blend"))
            {
                return null;
            }

            return new PerformanceItem
            {
                Kpi = String(e, "kpi", path),
                External = String(e, "external", path),
                Weight = Number(e, "weight", path),
                HigherIsBetter = Bool(e, "higherIsBetter", path),
                Bands = List(e, "bands", path, (b, at) => Object(b, at, "min", "points") ? new ScoreBand(Number(b, "min", at), Number(b, "points", at)) : null),
                Linear = Get(e, "linear", out var l) && Object(l, path + ".linear", "floor", "target")
                    ? new LinearScale(Number(l, "floor", path + ".linear"), Number(l, "target", path + ".linear"))
                    : null,
                Blend = Get(e, "blend", out var b) && Object(b, path + ".blend", "self", "manager")
                    ? new ScoreBlend(Number(b, "self", path + ".blend"), Number(b, "manager", path + ".blend"))
                    : null,
            };
        }

        private RankingPlan? Ranking(JsonElement e, string path)
        {
            if (!Object(e, path, "top", "reward", "bottom", "penalty", "improvementPlanBottom", "transferAfterLastPeriods"))
            {
                return null;
            }

            return new RankingPlan
            {
                Top = Integer(e, "top", path),
                Reward = Number(e, "reward", path),
                Bottom = Integer(e, "bottom", path),
                Penalty = Number(e, "penalty", path),
                ImprovementPlanBottom = Integer(e, "improvementPlanBottom", path),
                TransferAfterLastPeriods = Integer(e, "transferAfterLastPeriods", path),
            };
        }

        private PenaltyItem? Penalty(JsonElement e, string path)
        {
            if (!Object(e, path, "kpi", "external", "free", "amount", "bonusPercent", "cap"))
            {
                return null;
            }

            return new PenaltyItem
            {
                Kpi = String(e, "kpi", path),
                External = String(e, "external", path),
                Free = Number(e, "free", path),
                Amount = Number(e, "amount", path),
                BonusPercent = Number(e, "bonusPercent", path),
                Cap = Number(e, "cap", path),
            };
        }
    }

    /// <summary>A value type in a reference box, so optional struct items share the array helper.</summary>
    private sealed record Boxed<T>(T Value);
}
