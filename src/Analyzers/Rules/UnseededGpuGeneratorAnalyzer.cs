using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED007: work goes to CUDA while the CUDA generator is not seeded; TorchSharp's
    /// <c>torch.manual_seed</c> seeds only the CPU generator. Where the program never seeds CUDA,
    /// every use counts. Where it does, the order decides, in a program: a CUDA use reached from
    /// the entry point where no <c>torch.cuda.manual_seed(_all)</c> ran on any path to it is the
    /// finding, whether the seed comes later on that path (too late) or in code the entry point
    /// never runs; so is a call that leads to a use a later seed on the same path comes too late
    /// for. A seed in static code (a static constructor or initialiser) is taken to come first.
    /// In a library, whose callers decide the order, a CUDA seed anywhere clears it. Reported once, at the
    /// first such use (by file path, then position). The additional location, when present, is
    /// the CPU seed call the fix puts the CUDA seed after (see <see cref="ChooseCpuSeed"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededGpuGeneratorAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// The finding depends on the CUDA generator's events, and on the CPU seeds (the fix puts
        /// the CUDA seed after one); a CPU draw typed anywhere leaves it standing.
        /// </summary>
        private static readonly int[] DependsOn = { BodyOutline.AllBits(Generator.TorchCuda), BodyOutline.Bit(Generator.TorchCpu, EventKind.Seed) };

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.UnseededGpuGenerator, Descriptors.UnseededGpuGeneratorBeforeSeed);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code is summarised (the program's code runs it) but never reported on.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterCompilationStartAction(start =>
            {
                var program = FlowProgram.For(start.Compilation);
                if (program.Cuda is null)
                {
                    return;
                }

                var finding = new Lazy<Finding?>(
                    () => program.Carried(nameof(UnseededGpuGeneratorAnalyzer), DependsOn, () => Find(program), found => found is null ? Array.Empty<SyntaxTree>() : found.Trees),
                    LazyThreadSafetyMode.ExecutionAndPublication);
                WholeProgramReporting.Register(start, program, (p, tree, options, report, _) => ReportTree(p, tree, options, report, finding.Value));
            });
        }

        private static void ReportTree(FlowProgram program, SyntaxTree tree, AnalyzerOptions options, Action<Diagnostic> report, Finding? finding)
        {
            if (finding is null || finding.Use.Tree != tree)
            {
                return;
            }

            // The fix writes the default seed at the entry point, so that file's options decide it.
            var entryPoint = program.Compilation.GetEntryPoint(CancellationToken.None);
            var seedTree = entryPoint is { DeclaringSyntaxReferences.Length: > 0 } ? entryPoint.DeclaringSyntaxReferences[0].SyntaxTree : tree;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(
                DiagnosticProperties.DefaultSeed,
                SeedingOptions.GetDefaultSeed(options, seedTree).ToString(CultureInfo.InvariantCulture));
            report(Diagnostic.Create(
                finding.SeededLater ? Descriptors.UnseededGpuGeneratorBeforeSeed : Descriptors.UnseededGpuGenerator,
                finding.Use.Location,
                finding.Anchor is null ? null : new[] { finding.Anchor.Location },
                properties,
                "'" + finding.Use.Text + "'"));
        }

        private static Finding? Find(FlowProgram program)
        {
            var uses = new List<Site>();
            var cpuSeeds = new List<Site>();
            var cudaSeeded = false;
            foreach (var tree in program.AllTrees())
            {
                foreach (var generatorEvent in tree.Events)
                {
                    if (generatorEvent.Generator == Generator.TorchCuda)
                    {
                        if (generatorEvent.Kind == EventKind.Seed)
                        {
                            cudaSeeded = true;
                        }
                        else if (generatorEvent.Kind == EventKind.Draw && !tree.IsGenerated)
                        {
                            uses.Add(generatorEvent.Site);
                        }
                    }
                    else if (generatorEvent.Kind == EventKind.Seed && generatorEvent.SeedsFromValue)
                    {
                        cpuSeeds.Add(generatorEvent.Site);
                    }
                }
            }

            if (uses.Count == 0)
            {
                return null;
            }

            var entryKey = program.EntryPointKey(CancellationToken.None);
            if (cudaSeeded)
            {
                if (entryKey is null)
                {
                    return null; // a library: its callers decide the order, and it seeds CUDA somewhere
                }

                uses = UsesBeforeAnyCudaSeed(program, entryKey);
                if (uses.Count == 0 || StaticCodeSeedsCuda(program))
                {
                    return null;
                }
            }

            return new Finding(First(uses, static _ => true)!, ChooseCpuSeed(program, cpuSeeds, entryKey), cudaSeeded);
        }

        /// <summary>
        /// The CUDA uses reached from the entry point where no CUDA seed has run on any path that
        /// leads there, and the calls leading to one that a CUDA seed follows on the same path. A
        /// use that some paths reach seeded is left alone: the usual
        /// <c>if (torch.cuda.is_available()) torch.cuda.manual_seed_all(...)</c> guard seeds on
        /// the paths where the use's own availability check puts work on the GPU, which the
        /// analysis cannot match up.
        /// </summary>
        private static List<Site> UsesBeforeAnyCudaSeed(FlowProgram program, string entryKey)
        {
            var uses = new List<Site>();
            lock (program.SolverGate)
            {
                var solver = program.Solver;
                var roots = new List<(Callable, Entry)>();
                foreach (var root in solver.Bodies(entryKey))
                {
                    roots.Add((solver.CallableOf(root), Entry.Unseeded));
                }

                // A body that can run no CUDA event, itself or in anything it calls, shows nothing: not looked into.
                foreach (var (_, _, facts) in solver.Reachable(
                    roots,
                    Generator.TorchCuda,
                    (run, entry) => entry != Entry.Seeded && solver.MayRunAny(run.Summary, Generator.TorchCuda)))
                {
                    foreach (var draw in facts.UnseededDraws)
                    {
                        if (!draw.SeededOnOtherPaths)
                        {
                            AddIfWritten(program, uses, draw.Site);
                        }
                    }

                    foreach (var late in facts.LateSeeds)
                    {
                        AddIfWritten(program, uses, late.Draw);
                    }
                }
            }

            return uses;
        }

        /// <summary>
        /// True when a static constructor or static initialiser may seed CUDA: the runtime runs it
        /// when the type is first used, which the analysis does not place in the entry point's
        /// order, so such a seed is taken to come first.
        /// </summary>
        private static bool StaticCodeSeedsCuda(FlowProgram program)
        {
            lock (program.SolverGate)
            {
                foreach (var tree in program.AllTrees())
                {
                    foreach (var body in tree.Bodies)
                    {
                        if (body.Kind is BodyKind.StaticConstructor or BodyKind.StaticInitializer
                            && program.Solver.MayRun(body, Generator.TorchCuda, EventKind.Seed))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>Adds the site unless it is in generated code, which is never reported on.</summary>
        private static void AddIfWritten(FlowProgram program, List<Site> uses, Site site)
        {
            if (program.TryGet(site.Tree, out var summaries) && !summaries.IsGenerated)
            {
                uses.Add(site);
            }
        }

        /// <summary>
        /// The CPU seed the fix puts the CUDA seed after. In a program: the first CPU seed written
        /// as a statement of the entry point's own block (or a top-level statement) that ends
        /// before the entry point's first place leading to a CUDA use, so that a CUDA seed put
        /// after it runs before the uses the entry point reaches; without one, none, and the fix
        /// seeds at the start of the entry point. A seed on a branch, after the first use, or in
        /// another member is never the anchor in a program. In a library, where a CUDA seed
        /// anywhere clears the rule: the first anywhere.
        /// </summary>
        private static Site? ChooseCpuSeed(FlowProgram program, List<Site> seeds, string? entryKey)
        {
            if (entryKey is null)
            {
                return First(seeds, static _ => true);
            }

            Callable entry;
            SyntaxNode entryPoint;
            lock (program.SolverGate)
            {
                var bodies = program.Solver.Bodies(entryKey);
                if (bodies.Count == 0)
                {
                    return null;
                }

                entry = program.Solver.CallableOf(bodies[0]);
                entryPoint = bodies[0].Declaration;
            }

            // Seeds in the entry point's own block run in source order, so only the first of them
            // can come before the first place leading to a CUDA use.
            var candidate = First(seeds, seed => seed.Tree == entryPoint.SyntaxTree
                && StatementOf(seed)?.Parent?.Parent == entryPoint); // in the entry method's own block, or a global statement of its unit
            if (candidate is null)
            {
                return null;
            }

            var statement = StatementOf(candidate)!;
            if (IsFirstStatement(statement) && RunsNothingBeforeTheSeed(statement))
            {
                return candidate; // nothing of the entry point runs before it: no question for the solver
            }

            lock (program.SolverGate)
            {
                var places = Solver.UnseededPlaces(program.Solver.Facts(entry, Entry.Unseeded, Generator.TorchCuda), static _ => true);
                return places.Count == 0 || places[0].Tree != candidate.Tree || statement.Span.End <= places[0].Position ? candidate : null;
            }
        }

        /// <summary>
        /// True when the statement's only call is the seed itself and its arguments are constants
        /// written out (literals, casts, signs): nothing in it can lead to a CUDA use first.
        /// </summary>
        private static bool RunsNothingBeforeTheSeed(StatementSyntax statement)
        {
            var calls = 0;
            foreach (var node in statement.DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax:
                        calls++;
                        break;
                    case ArgumentSyntax { Expression: var value } when !IsPlainValue(value):
                    case BaseObjectCreationExpressionSyntax:
                        return false;
                }
            }

            return calls == 1;
        }

        private static bool IsPlainValue(ExpressionSyntax value)
            => value switch
            {
                LiteralExpressionSyntax => true,
                CastExpressionSyntax cast => IsPlainValue(cast.Expression),
                PrefixUnaryExpressionSyntax unary => IsPlainValue(unary.Operand),
                ParenthesizedExpressionSyntax parenthesized => IsPlainValue(parenthesized.Expression),
                _ => false,
            };

        /// <summary>True for the first statement of a block, or the first top-level statement of its unit.</summary>
        private static bool IsFirstStatement(StatementSyntax statement)
            => statement.Parent switch
            {
                BlockSyntax block => block.Statements[0] == statement,
                GlobalStatementSyntax global => global.Parent is CompilationUnitSyntax unit
                    && unit.Members.FirstOrDefault(member => member is GlobalStatementSyntax) == global,
                _ => false,
            };

        private static Site? First(List<Site> seeds, Func<Site, bool> admits)
        {
            Site? first = null;
            foreach (var seed in seeds)
            {
                if ((first is null || IsBefore(seed, first)) && admits(seed))
                {
                    first = seed;
                }
            }

            return first;
        }

        /// <summary>The statement the seed call is written in, with its labels.</summary>
        private static StatementSyntax? StatementOf(Site seed)
        {
            var node = seed.Tree.GetRoot(CancellationToken.None).FindNode(seed.Location.SourceSpan, getInnermostNodeForTie: true);
            var statement = node.FirstAncestorOrSelf<StatementSyntax>();
            while (statement?.Parent is LabeledStatementSyntax labeled)
            {
                statement = labeled;
            }

            return statement;
        }

        /// <summary>Earlier by file path, then position; at the same place the outer one; the text breaks any remaining tie.</summary>
        private static bool IsBefore(Site site, Site other)
        {
            var order = Site.Compare(site, other);
            if (order != 0)
            {
                return order < 0;
            }

            if (site.Length != other.Length)
            {
                return site.Length > other.Length;
            }

            return string.CompareOrdinal(site.Text, other.Text) < 0;
        }

        private sealed class Finding
        {
            public Finding(Site use, Site? anchor, bool seededLater)
            {
                Use = use;
                Anchor = anchor;
                SeededLater = seededLater;
            }

            public Site Use { get; }

            public Site? Anchor { get; }

            /// <summary>The program seeds CUDA somewhere, but not before this use on its path.</summary>
            public bool SeededLater { get; }

            public IEnumerable<SyntaxTree> Trees => Anchor is null ? new[] { Use.Tree } : new[] { Use.Tree, Anchor.Tree };
        }
    }
}
