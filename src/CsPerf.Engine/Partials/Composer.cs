using System.Collections.Immutable;
using CsPerf.Engine.Attribution;
using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Engine.Partials;

/// <summary>
/// <c>CsPerfEngine.Compose</c>: a partial (merged or not) and a roster → a report. Gives every shop, account and agent
/// a merged index (dictionaries from ids, so linear), folds the per-day counters into the requested periods,
/// recomputes peaks by the concurrency sweep over the carried sessions and agent review counts from the shared
/// reviews, then cuts levels exactly as a report of one dataset does (docs/partials.md).
/// </summary>
internal static class Composer
{
    private const int Rules = KpiPartial.RuleCount;

    /// <summary>
    /// The sessions of <c>report</c>'s own analysis (<see cref="ReportBuilder.Build"/>), swept in place of a partial's,
    /// which then carries none: the spans of the analysis' day plan <paramref name="Days"/>, of the dataset's accounts
    /// (listed in the partial when <paramref name="AccountsWithData"/>, as every account with a session is), swept on
    /// up to <paramref name="Degree"/> threads.
    /// </summary>
    internal sealed record AnalysisSessions(Dataset Data, Sessions.SessionSpans Spans, PeriodPlan Days, bool[] AccountsWithData, int Degree);

    public static Report Compose(KpiPartial partial, Roster roster, CsPerfConfig config, ReportRequest request, AnalysisSessions? analysis = null)
    {
        if (partial.Basis is { } basis)
        {
            if (basis.AsOf != request.AsOf)
            {
                throw new ArgumentException($"The partial was computed as of {basis.AsOf}, the request is as of {request.AsOf}.", nameof(request));
            }

            var expected = Aggregator.BasisOf(config, request.AsOf);
            if (!string.Equals(expected.Rules, basis.Rules, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The partial was computed with other counting knobs (\"{basis.Rules}\") than this config (\"{expected.Rules}\").", nameof(config));
            }
        }

        var m = Model.Build(partial, roster, config);
        int first = request.From is { } from ? ZoneClock.DateToLocalDay(from) : partial.DataFrom is { } df ? ZoneClock.DateToLocalDay(df) : 0;
        int last = request.To is { } to ? ZoneClock.DateToLocalDay(to) : partial.DataTo is { } dt ? ZoneClock.DateToLocalDay(dt) : -1;
        var plan = PeriodPlan.Create(request.By, first, last);
        var cells = Cells.Build(partial, m, plan, analysis);

        var periods = ImmutableArray.CreateBuilder<PeriodReport>(plan.Count);
        for (int p = 0; p < plan.Count; p++)
        {
            periods.Add(BuildPeriod(m, cells, plan, config, request, p));
        }

        long rejected = 0;
        var lines = ImmutableArray.CreateBuilder<RejectedLine>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in partial.Inputs)
        {
            rejected = checked(rejected + input.Rejected);
            lines.AddRange(input.RejectedLines);
            foreach (string w in input.Warnings)
            {
                // The same warning (an account outside the roster) met in several partials is one warning.
                if (seen.Add(w))
                {
                    warnings.Add(w);
                }
            }
        }

        return new Report(request.AsOf, request.Rule ?? config.AttributionRule, request.AllRules, request.By, periods.ToImmutable(),
            partial.Filtered, rejected, lines.ToImmutable(), warnings.ToImmutable());
    }

    /// <summary>Shops, accounts and agents with merged indexes, and the listing decisions (domain.md §6 "Levels").</summary>
    private sealed class Model
    {
        public List<string> ShopId { get; } = [];
        public List<ZoneClock> ShopClock { get; } = [];
        public List<bool> ShopVisible { get; } = [];
        public List<string> AccountId { get; } = [];
        public List<int> AccountShop { get; } = [];
        public List<AccountRole> AccountRoleOf { get; } = [];
        public List<int> AccountAgent { get; } = [];
        public List<bool> AccountVisible { get; } = [];
        public List<(string Id, string Name, List<int> Accounts, AgentInfo? Info)> Agents { get; } = [];

        /// <summary>Groups of agents 客服组 (domain.md §6 "Groups"), in roster order, with their agents' indexes.</summary>
        public List<(GroupInfo Info, List<int> Agents)> Groups { get; } = [];

        /// <summary>The group of each agent, −1 for none.</summary>
        public List<int> AgentGroup { get; } = [];
        public Dictionary<string, int> ShopIndex { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Shop, string Account), int> AccountIndex { get; } = [];

        public static Model Build(KpiPartial partial, Roster roster, CsPerfConfig config)
        {
            var m = new Model();
            var defaultZone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(config.TimeZone)
                ?? throw new ArgumentException($"TimeZone: \"{config.TimeZone}\" is not an IANA time zone id.", nameof(config));
            var zones = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var shop in partial.Shops)
            {
                zones[shop.Id] = shop.TimeZone;
            }

            int Shop(string id, string? zone)
            {
                if (m.ShopIndex.TryGetValue(id, out int s))
                {
                    return s;
                }

                zone ??= zones.GetValueOrDefault(id);
                var tz = zone is null ? defaultZone : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone)
                    ?? throw new ArgumentException($"shops: timeZone: \"{zone}\" of shop \"{id}\" is not an IANA time zone id.", nameof(roster));
                s = m.ShopId.Count;
                m.ShopId.Add(id);
                m.ShopClock.Add(new ZoneClock(tz));
                m.ShopVisible.Add(false);
                m.ShopIndex[id] = s;
                return s;
            }

            // Roster shops first (always listed), then roster agents with their bound accounts (always listed).
            foreach (var shop in roster.Shops)
            {
                if (zones.TryGetValue(shop.Id, out var zone) && !string.Equals(zone, shop.TimeZone, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"shops: shop \"{shop.Id}\" has time zone \"{shop.TimeZone}\" in the roster and \"{zone}\" in the partial.", nameof(roster));
                }

                if (m.ShopIndex.ContainsKey(shop.Id))
                {
                    throw new ArgumentException($"shops: id: duplicate shop \"{shop.Id}\".", nameof(roster));
                }

                m.ShopVisible[Shop(shop.Id, shop.TimeZone)] = true;
            }

            var agentIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var agent in roster.Agents)
            {
                if (!agentIds.Add(agent.Id))
                {
                    throw new ArgumentException($"agents: id: duplicate agent \"{agent.Id}\".", nameof(roster));
                }

                int g = m.Agents.Count;
                var accounts = new List<int>();
                foreach (var binding in agent.Accounts)
                {
                    if (m.AccountIndex.ContainsKey((binding.Shop, binding.Account)))
                    {
                        throw new ArgumentException($"agents: accounts: account \"{binding.Account}\" of shop \"{binding.Shop}\" is bound to more than one agent.", nameof(roster));
                    }

                    accounts.Add(m.AddAccount(Shop(binding.Shop, null), binding.Shop, binding.Account, binding.Role, g, visible: true));
                }

                m.Agents.Add((agent.Id, agent.Name, accounts, agent));
            }

            if (roster.GroupProblems() is [var (field, problem), ..])
            {
                throw new ArgumentException($"{field}: {problem}.", nameof(roster));
            }

            var agentIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int g = 0; g < m.Agents.Count; g++)
            {
                agentIndex[m.Agents[g].Id] = g;
            }

            var groupOf = new Dictionary<int, int>();
            foreach (var group in roster.Groups.IsDefault ? [] : roster.Groups)
            {
                var members = new List<int>();
                foreach (string id in group.Agents.IsDefault ? [] : group.Agents)
                {
                    members.Add(agentIndex[id]);
                    groupOf[agentIndex[id]] = m.Groups.Count;
                }

                m.Groups.Add((group, members));
            }

            // Accounts outside the roster: each its own pre-sale agent (id = name = account id), listed only with data.
            foreach (var account in partial.Accounts)
            {
                int s = Shop(account.Shop, null);
                if (m.AccountIndex.TryGetValue((account.Shop, account.Account), out int a))
                {
                    m.AccountVisible[a] |= account.HasData;
                    continue;
                }

                int g = m.Agents.Count;
                a = m.AddAccount(s, account.Shop, account.Account, account.Role, g, account.HasData);
                m.Agents.Add((account.Account, account.Account, [a], null));
            }

            foreach (var shop in partial.Shops)
            {
                int s = Shop(shop.Id, shop.TimeZone);
                m.ShopVisible[s] |= shop.HasOrders;
            }

            for (int a = 0; a < m.AccountId.Count; a++)
            {
                m.ShopVisible[m.AccountShop[a]] |= m.AccountVisible[a];
            }

            for (int g = 0; g < m.Agents.Count; g++)
            {
                m.AgentGroup.Add(groupOf.GetValueOrDefault(g, -1));
            }

            return m;
        }

        public int AccountOf(string shop, string account) =>
            AccountIndex.TryGetValue((shop, account), out int a)
                ? a
                : throw new ArgumentException($"The partial has counters of account \"{account}\" of shop \"{shop}\" but does not list that account.", "partial");

        private int AddAccount(int shop, string shopId, string id, AccountRole role, int agent, bool visible)
        {
            int a = AccountId.Count;
            AccountId.Add(id);
            AccountShop.Add(shop);
            AccountRoleOf.Add(role);
            AccountAgent.Add(agent);
            AccountVisible.Add(visible);
            AccountIndex[(shopId, id)] = a;
            return a;
        }
    }

    /// <summary>The sessions of a partial, read in place: per period, the (account, sessions) blocks of its account days.</summary>
    private sealed class BlockSource(int periods) : Concurrency.SessionSource
    {
        private readonly List<(int Account, ImmutableArray<long> Sessions)>[] _blocks = new List<(int, ImmutableArray<long>)>[periods];

        public void Add(int period, int account, ImmutableArray<long> sessions)
        {
            if (sessions.IsDefaultOrEmpty)
            {
                return;
            }

            if (sessions.Length % 2 != 0)
            {
                throw new ArgumentException($"A partial's session list has {sessions.Length} elements; expected [first, last] pairs.", nameof(sessions));
            }

            (_blocks[period] ??= []).Add((account, sessions));
        }

        public override Concurrency.Extent Measure(int p)
        {
            var extent = new Concurrency.Extent();
            foreach (var (_, sessions) in _blocks[p] ?? [])
            {
                for (int k = 0; k < sessions.Length; k += 2)
                {
                    extent.Add(sessions[k], Math.Max(sessions[k], sessions[k + 1]));
                }
            }

            return extent;
        }

        public override void Emit(int p, Concurrency.Events events)
        {
            foreach (var (account, sessions) in _blocks[p] ?? [])
            {
                for (int k = 0; k < sessions.Length; k += 2)
                {
                    if (sessions[k + 1] < sessions[k])
                    {
                        throw new ArgumentException("A partial's session ends before it starts.", nameof(p));
                    }

                    events.Session(sessions[k], sessions[k + 1], account);
                }
            }
        }
    }

    /// <summary>The partial's counters folded into (period, account) and (period, shop) cells, and the peaks.</summary>
    private sealed class Cells
    {
        public required ReceptionCounters[] Reception { get; init; }
        public required ConversionCounters[] Conversion { get; init; }
        public required SalesCounters[][] Sales { get; init; }
        public required SalesCounters[][] Silent { get; init; }
        public required QualityCounters[] AccountQuality { get; init; }
        public required QualityCounters[] AgentQuality { get; init; }
        public required QualityCounters[] ShopQuality { get; init; }
        public required int[] ReceptionsByHour { get; init; }
        public required int[] MessagesByHour { get; init; }

        /// <summary>Complaints per reason of the (period, account) cells that have some.</summary>
        public Dictionary<int, List<(string Reason, long Count)>> ComplaintReasons { get; } = [];
        public Peaks Peaks { get; private set; } = null!;

        public static Cells Build(KpiPartial partial, Model m, PeriodPlan plan, AnalysisSessions? analysis)
        {
            int accounts = m.AccountId.Count, shops = m.ShopId.Count, agents = m.Agents.Count, periods = plan.Count;
            var cells = new Cells
            {
                Reception = new ReceptionCounters[periods * accounts],
                Conversion = new ConversionCounters[periods * accounts],
                Sales = [.. Enumerable.Range(0, Rules).Select(_ => new SalesCounters[periods * accounts])],
                Silent = [.. Enumerable.Range(0, Rules).Select(_ => new SalesCounters[periods * shops])],
                AccountQuality = new QualityCounters[periods * accounts],
                AgentQuality = new QualityCounters[periods * agents],
                ShopQuality = new QualityCounters[periods * shops],
                ReceptionsByHour = new int[periods * accounts * 24],
                MessagesByHour = new int[periods * accounts * 24],
            };

            var sessions = new BlockSource(periods);
            foreach (var day in partial.AccountDays)
            {
                int a = m.AccountOf(day.Shop, day.Account);
                int p = plan.PeriodOf(ZoneClock.DateToLocalDay(day.Date));
                if (p < 0)
                {
                    continue;
                }

                int idx = (p * accounts) + a;
                PartialCounters.AddCounts(day.Counts, ref cells.Reception[idx], ref cells.Conversion[idx], ref cells.AccountQuality[idx]);
                PartialCounters.AddSales(day.SalesCounts, day.SalesMoney, cells.Sales, idx);
                AddHours(cells.ReceptionsByHour, idx, day.ReceptionsByHour);
                AddHours(cells.MessagesByHour, idx, day.MessagesByHour);
                sessions.Add(p, a, day.Sessions);
            }

            foreach (var x in partial.ComplaintReasons)
            {
                int a = m.AccountOf(x.Shop, x.Account);
                if (x.Count < 0 || x.Reason is null)
                {
                    throw new ArgumentException(x.Reason is null
                        ? $"The partial has a complaint reason that is null for account \"{x.Account}\" of shop \"{x.Shop}\" (an absent reason is \"\")."
                        : $"The partial has a negative complaint count ({x.Count}) for account \"{x.Account}\" of shop \"{x.Shop}\".", nameof(partial));
                }

                int p = plan.PeriodOf(ZoneClock.DateToLocalDay(x.Date));
                if (p >= 0 && x.Count > 0)
                {
                    int idx = (p * accounts) + a;
                    if (!cells.ComplaintReasons.TryGetValue(idx, out var list))
                    {
                        cells.ComplaintReasons[idx] = list = [];
                    }

                    list.Add((x.Reason, x.Count));
                }
            }

            foreach (var day in partial.ShopDays)
            {
                if (!m.ShopIndex.TryGetValue(day.Shop, out int s))
                {
                    throw new ArgumentException($"The partial has counters of shop \"{day.Shop}\" but does not list that shop.", nameof(partial));
                }

                int p = plan.PeriodOf(ZoneClock.DateToLocalDay(day.Date));
                if (p < 0)
                {
                    continue;
                }

                int si = (p * shops) + s;
                ReceptionCounters r = default;
                ConversionCounters c = default;
                PartialCounters.AddCounts(day.Counts, ref r, ref c, ref cells.ShopQuality[si]);
                PartialCounters.AddSales(day.SilentCounts, day.SilentMoney, cells.Silent, si);
            }

            // An agent counts a review once over its accounts: the sum of its accounts' counts, corrected for the
            // reviews that implicate two or more of them (domain.md §6 "Reviews").
            for (int p = 0; p < periods; p++)
            {
                for (int a = 0; a < accounts; a++)
                {
                    cells.AgentQuality[(p * agents) + m.AccountAgent[a]].Add(cells.AccountQuality[(p * accounts) + a]);
                }
            }

            var masks = new Dictionary<int, (int Count, int Mask)>();
            foreach (var review in partial.SharedReviews)
            {
                int p = plan.PeriodOf(ZoneClock.DateToLocalDay(review.Date));
                if (p < 0)
                {
                    continue;
                }

                masks.Clear();
                foreach (var x in review.Accounts)
                {
                    int g = m.AccountAgent[m.AccountOf(review.Shop, x.Account)];
                    var (count, mask) = masks.GetValueOrDefault(g);
                    masks[g] = (count + 1, mask | (int)x.Phases);
                }

                foreach (var x in review.Accounts)
                {
                    int g = m.AccountAgent[m.AccountOf(review.Shop, x.Account)];
                    if (masks[g].Count >= 2)
                    {
                        AttributionPass.Count(ref cells.AgentQuality[(p * agents) + g], (int)x.Phases, review.Rating, sign: -1);
                    }
                }

                foreach (var (g, (count, mask)) in masks)
                {
                    if (count >= 2)
                    {
                        AttributionPass.Count(ref cells.AgentQuality[(p * agents) + g], mask, review.Rating);
                    }
                }
            }

            // Peaks are not additive: the sweep runs again over the sessions of each period, on merged indexes.
            int[]? accountGroup = m.Groups.Count == 0 ? null : [.. m.AccountAgent.Select(g => m.AgentGroup[g])];
            Concurrency.SessionSource source = analysis is null ? sessions : AnalysisSource(analysis, m, plan);
            cells.Peaks = Concurrency.Compute(source, periods, [.. m.AccountAgent], [.. m.AccountShop], agents, [.. m.ShopClock], accountGroup, m.Groups.Count, degree: analysis?.Degree ?? 1);
            return cells;
        }

        /// <summary>The analysis' sessions on this composition's periods and merged account indexes.</summary>
        private static Concurrency.SpanSource AnalysisSource(AnalysisSessions analysis, Model m, PeriodPlan plan)
        {
            var data = analysis.Data;
            var accountMap = new int[data.Accounts.Length];
            for (int a = 0; a < accountMap.Length; a++)
            {
                var entry = data.Accounts[a];
                accountMap[a] = analysis.AccountsWithData[a] ? m.AccountOf(data.Shops[entry.Shop].Id, entry.Id) : -1;
            }

            var periodMap = new int[analysis.Days.Count];
            for (int d = 0; d < periodMap.Length; d++)
            {
                periodMap[d] = plan.PeriodOf(analysis.Days.Periods[d].From);
            }

            return new Concurrency.SpanSource(analysis.Spans, plan.Count, periodMap, accountMap);
        }

        private static void AddHours(int[] target, int idx, ImmutableArray<int> hours)
        {
            if (hours.IsDefaultOrEmpty)
            {
                return;
            }

            if (hours.Length != 24)
            {
                throw new ArgumentException($"A partial's hourly vector has {hours.Length} elements; expected 24.", nameof(hours));
            }

            for (int h = 0; h < 24; h++)
            {
                target[(idx * 24) + h] = checked(target[(idx * 24) + h] + hours[h]);
            }
        }
    }

    private static PeriodReport BuildPeriod(Model m, Cells cells, PeriodPlan plan, CsPerfConfig config, ReportRequest request, int p)
    {
        var peaks = cells.Peaks;
        int accounts = m.AccountId.Count, agents = m.Agents.Count, shops = m.ShopId.Count;
        var (fromDay, toDay) = plan.Periods[p];
        bool month = plan.IsWholeMonth(p);
        string monthKey = ZoneClock.LocalDayToDate(fromDay).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        int rule = (int)(request.Rule ?? config.AttributionRule);

        // Σ credited sales per rule: per shop (an account's salesShare) and over all accounts (an agent's).
        var shopCredited = new decimal[Rules, shops];
        var allCredited = new decimal[Rules];
        for (int a = 0; a < accounts; a++)
        {
            for (int r = 0; r < Rules; r++)
            {
                decimal sales = cells.Sales[r][(p * accounts) + a].Sales;
                shopCredited[r, m.AccountShop[a]] += sales;
                allCredited[r] += sales;
            }
        }

        LevelInputs AccountInputs(int a)
        {
            int idx = (p * accounts) + a;
            var x = new LevelInputs
            {
                Level = Level.Account,
                Reception = cells.Reception[idx],
                Peak = peaks.Account[idx],
                Hourly = peaks.AccountHourly.AsSpan(idx * 24, 24).ToArray(),
                ReceptionsByHour = cells.ReceptionsByHour.AsSpan(idx * 24, 24).ToArray(),
                MessagesByHour = cells.MessagesByHour.AsSpan(idx * 24, 24).ToArray(),
                Conversion = cells.Conversion[idx],
                Quality = cells.AccountQuality[idx],
                AfterSaleOnly = m.AccountRoleOf[a] == AccountRole.Aftersale,
            };
            for (int r = 0; r < Rules; r++)
            {
                x.Credited[r] = cells.Sales[r][idx];
                x.ShareBase[r] = shopCredited[r, m.AccountShop[a]];
            }

            if (cells.ComplaintReasons.TryGetValue(idx, out var reasons))
            {
                foreach (var (reason, count) in reasons)
                {
                    x.AddComplaints(reason, count);
                }
            }

            return x;
        }

        static void AddParts(LevelInputs sum, LevelInputs part)
        {
            sum.Reception.Add(part.Reception);
            sum.Conversion.Add(part.Conversion);
            for (int r = 0; r < Rules; r++)
            {
                sum.Credited[r].Add(part.Credited[r]);
                sum.Silent[r].Add(part.Silent[r]);
            }

            sum.Quality.AddRatings(part.Quality);
            sum.AddComplaints(part);
            AddHours(sum, part);
        }

        static void AddHours(LevelInputs sum, LevelInputs part)
        {
            // Time slots are additive (domain.md §6); a roll-up outside the hot loop, so an overflow throws.
            for (int h = 0; h < 24; h++)
            {
                sum.ReceptionsByHour[h] = checked(sum.ReceptionsByHour[h] + part.ReceptionsByHour[h]);
                sum.MessagesByHour[h] = checked(sum.MessagesByHour[h] + part.MessagesByHour[h]);
            }
        }

        var shopInputs = new LevelInputs[shops];
        for (int s = 0; s < shops; s++)
        {
            int si = (p * shops) + s;
            var x = new LevelInputs
            {
                Level = Level.Shop,
                Peak = peaks.Shop[si],
                Hourly = peaks.ShopHourly.AsSpan(si * 24, 24).ToArray(),
                Quality = cells.ShopQuality[si] with { Ratings = 0, Satisfied = 0, Complaints = 0 },
            };
            for (int r = 0; r < Rules; r++)
            {
                x.Silent[r] = cells.Silent[r][si];
            }

            shopInputs[s] = x;
        }

        // Groups 客服组 (domain.md §6 "Groups"): sums of their agents, peaks swept over their sessions.
        int groups = m.Groups.Count;
        var groupInputs = new LevelInputs[groups];
        var groupHasAccounts = new bool[groups];
        for (int k = 0; k < groups; k++)
        {
            int ki = (p * groups) + k;
            groupInputs[k] = new LevelInputs
            {
                Level = Level.Group,
                Peak = peaks.Group[ki],
                Hourly = peaks.GroupHourly.AsSpan(ki * 24, 24).ToArray(),
                AfterSaleOnly = true,
            };
            for (int r = 0; r < Rules; r++)
            {
                groupInputs[k].ShareBase[r] = allCredited[r];
            }
        }

        var agentReports = new List<AgentReport>();
        decimal? totalTarget = null;
        for (int g = 0; g < agents; g++)
        {
            var agent = m.Agents[g];
            int gi = (p * agents) + g;
            var agentInputs = new LevelInputs
            {
                Level = Level.Agent,
                Peak = peaks.Agent[gi],
                Hourly = peaks.AgentHourly.AsSpan(gi * 24, 24).ToArray(),
                Quality = cells.AgentQuality[gi] with { Ratings = 0, Satisfied = 0, Complaints = 0 },
                Target = month ? agent.Info?.TargetFor(monthKey) : null,
                AfterSaleOnly = agent.Accounts.Count > 0,
            };
            for (int r = 0; r < Rules; r++)
            {
                agentInputs.ShareBase[r] = allCredited[r];
            }

            if (agentInputs.Target is { } target)
            {
                totalTarget = (totalTarget ?? 0m) + target;
            }

            var accountReports = new List<AccountReport>();
            foreach (int a in agent.Accounts)
            {
                var x = AccountInputs(a);
                AddParts(agentInputs, x);
                AddParts(shopInputs[m.AccountShop[a]], x);
                agentInputs.AfterSaleOnly &= x.AfterSaleOnly;
                if (m.AccountVisible[a])
                {
                    var kpis = KpiComposer.Compose(x, rule, request.AllRules, config.AovBasis, month);
                    accountReports.Add(new AccountReport(m.AccountId[a], m.ShopId[m.AccountShop[a]], kpis));
                }
            }

            if (m.AgentGroup[g] is var k and >= 0)
            {
                AddAgent(groupInputs[k], agentInputs);
                if (agent.Accounts.Count > 0)
                {
                    groupHasAccounts[k] = true;
                    groupInputs[k].AfterSaleOnly &= agentInputs.AfterSaleOnly;
                }
            }

            if (agent.Info is null && accountReports.Count == 0)
            {
                continue;
            }

            accountReports.Sort((x, y) =>
            {
                int c = string.CompareOrdinal(x.Shop, y.Shop);
                return c != 0 ? c : string.CompareOrdinal(x.Account, y.Account);
            });
            var agentKpis = KpiComposer.Compose(agentInputs, rule, request.AllRules, config.AovBasis, month);
            agentReports.Add(new AgentReport(agent.Id, agent.Name, agentKpis, [.. accountReports]));
        }

        agentReports.Sort((x, y) => string.CompareOrdinal(x.Agent, y.Agent));

        var groupReports = new List<GroupReport>(groups);
        for (int k = 0; k < groups; k++)
        {
            var x = groupInputs[k];
            x.AfterSaleOnly &= groupHasAccounts[k];
            if (!month)
            {
                x.Target = null;
            }

            var info = m.Groups[k].Info;
            groupReports.Add(new GroupReport(info.Id, info.Name, KpiComposer.Compose(x, rule, request.AllRules, config.AovBasis, month), info.Agents.IsDefault ? [] : info.Agents));
        }

        groupReports.Sort((x, y) => string.CompareOrdinal(x.Group, y.Group));

        var total = new LevelInputs
        {
            Level = Level.Total,
            Peak = peaks.Total[p],
            Hourly = peaks.TotalHourly.AsSpan(p * 24, 24).ToArray(),
            Target = month ? totalTarget : null,
        };
        var shopReports = new List<ShopReport>();
        for (int s = 0; s < shops; s++)
        {
            var x = shopInputs[s];
            total.Reception.Add(x.Reception);
            total.Conversion.Add(x.Conversion);
            for (int r = 0; r < Rules; r++)
            {
                total.Credited[r].Add(x.Credited[r]);
                total.Silent[r].Add(x.Silent[r]);
            }

            total.Quality.Add(x.Quality);
            total.AddComplaints(x);
            AddHours(total, x);
            if (m.ShopVisible[s])
            {
                shopReports.Add(new ShopReport(m.ShopId[s], KpiComposer.Compose(x, rule, request.AllRules, config.AovBasis, month)));
            }
        }

        shopReports.Sort((x, y) => string.CompareOrdinal(x.Shop, y.Shop));
        var provisionalFrom = ProvisionalFrom(m, config, request.AsOf, fromDay, toDay);
        return new PeriodReport(
            ZoneClock.LocalDayToDate(fromDay),
            ZoneClock.LocalDayToDate(toDay),
            provisionalFrom is null,
            provisionalFrom,
            KpiComposer.Compose(total, rule, request.AllRules, config.AovBasis, month),
            [.. shopReports],
            [.. agentReports])
        {
            Groups = [.. groupReports],
        };
    }

    /// <summary>
    /// Adds an agent's inputs to its group's: counts, credited sales, reviews (each as the agent counts it), ratings,
    /// complaints per reason, time slots and the target; a group's KPIs are sums of its agents' (domain.md §6 "Groups").
    /// </summary>
    private static void AddAgent(LevelInputs group, LevelInputs agent)
    {
        group.Reception.Add(agent.Reception);
        group.Conversion.Add(agent.Conversion);
        for (int r = 0; r < Rules; r++)
        {
            group.Credited[r].Add(agent.Credited[r]);
        }

        group.Quality.Add(agent.Quality);
        group.AddComplaints(agent);
        for (int h = 0; h < 24; h++)
        {
            group.ReceptionsByHour[h] = checked(group.ReceptionsByHour[h] + agent.ReceptionsByHour[h]);
            group.MessagesByHour[h] = checked(group.MessagesByHour[h] + agent.MessagesByHour[h]);
        }

        if (agent.Target is { } target)
        {
            group.Target = (group.Target ?? 0m) + target;
        }
    }

    /// <summary>
    /// The first local date of the period whose outcomes may still change as of <paramref name="asOf"/>: payment outcomes
    /// of date D are final once asOf ≥ start of D + 1 + InquiryWindowDays, plus PaymentWindow (domain.md §6 "Maturity"),
    /// in the zone of every listed shop.
    /// </summary>
    private static LocalDate? ProvisionalFrom(Model m, CsPerfConfig config, Instant asOf, int fromDay, int toDay)
    {
        long asOfTicks = asOf.ToUnixTimeTicks();
        long window = config.PaymentWindow.BclCompatibleTicks;
        int first = int.MaxValue;
        for (int s = 0; s < m.ShopId.Count; s++)
        {
            if (!m.ShopVisible[s])
            {
                continue;
            }

            var clock = m.ShopClock[s];
            for (int d = fromDay; d <= toDay && d < first; d++)
            {
                if (asOfTicks < clock.StartOfDay(d + 1 + config.InquiryWindowDays) + window)
                {
                    first = d;
                    break;
                }
            }
        }

        return first == int.MaxValue ? null : ZoneClock.LocalDayToDate(first);
    }
}
