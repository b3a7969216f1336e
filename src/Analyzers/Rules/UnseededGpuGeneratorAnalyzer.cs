using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED007: work goes to CUDA while the CUDA generator is not seeded; TorchSharp's
    /// <c>torch.manual_seed</c> seeds only the CPU generator. Where the program never seeds CUDA,
    /// every use counts. Where it does, the order decides, in a program: a CUDA use (or a call
    /// that leads to one) reached from the entry point and followed, on the same path, by
    /// <c>torch.cuda.manual_seed(_all)</c> is the finding (the seed comes too late for it). In a
    /// library, whose callers decide the order, a CUDA seed anywhere clears it. Reported once, at the
    /// first such use (by file path, then position). The additional location, when present, is
    /// the CPU seed call the fix puts the CUDA seed after: one in the entry point if there is one,
    /// else the first.
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

                uses = UsesBeforeTheCudaSeed(program, entryKey);
                if (uses.Count == 0)
                {
                    return null;
                }
            }

            Site? first = null;
            foreach (var use in uses)
            {
                first = first is null || IsBefore(use, first) ? use : first;
            }

            return new Finding(first!, ChooseCpuSeed(program, cpuSeeds, entryKey), cudaSeeded);
        }

        /// <summary>The CUDA uses (or calls leading to one) reached from the entry point that a CUDA seed follows on the same path.</summary>
        private static List<Site> UsesBeforeTheCudaSeed(FlowProgram program, string entryKey)
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

                foreach (var (_, _, facts) in solver.Reachable(roots, Generator.TorchCuda, (_, entry) => entry != Entry.Seeded))
                {
                    foreach (var late in facts.LateSeeds)
                    {
                        if (program.TryGet(late.Draw.Tree, out var summaries) && !summaries.IsGenerated)
                        {
                            uses.Add(late.Draw);
                        }
                    }
                }
            }

            return uses;
        }

        /// <summary>The CPU seed inside the entry point that comes first; without one, the first anywhere.</summary>
        private static Site? ChooseCpuSeed(FlowProgram program, List<Site> seeds, string? entryKey)
        {
            SyntaxNode? entryPoint = null;
            if (entryKey is not null)
            {
                lock (program.SolverGate)
                {
                    var bodies = program.Solver.Bodies(entryKey);
                    entryPoint = bodies.Count > 0 ? bodies[0].Declaration : null;
                }
            }

            Site? inEntryPoint = null;
            Site? anywhere = null;
            foreach (var seed in seeds)
            {
                if (entryPoint is not null
                    && seed.Tree == entryPoint.SyntaxTree
                    && entryPoint.Span.Contains(seed.Location.SourceSpan)
                    && (inEntryPoint is null || IsBefore(seed, inEntryPoint)))
                {
                    inEntryPoint = seed;
                }

                if (anywhere is null || IsBefore(seed, anywhere))
                {
                    anywhere = seed;
                }
            }

            return inEntryPoint ?? anywhere;
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

            /// <summary>The program seeds CUDA, but after this use on its path.</summary>
            public bool SeededLater { get; }

            public IEnumerable<SyntaxTree> Trees => Anchor is null ? new[] { Use.Tree } : new[] { Use.Tree, Anchor.Tree };
        }
    }
}
