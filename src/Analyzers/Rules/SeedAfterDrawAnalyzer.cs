using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED002: TorchSharp's global seed runs after something already drew from the generator,
    /// in execution order (through calls, lambdas, initialisers and constructor chains); and
    /// draws in static initialisers, which may run before any seed. Each method is taken on its
    /// own, entered before any seed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SeedAfterDrawAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.SeedAfterDraw, Descriptors.SeedAfterDrawInStaticInitializer);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code is summarised (the program's code runs it) but never reported on.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterCompilationStartAction(start =>
            {
                if (!RandomnessKnowledge.For(start.Compilation).HasTorchSharp)
                {
                    return;
                }

                // The findings already reported from their own tree, per tree, by body and place (see ReportSettled).
                var settled = new ConcurrentDictionary<SyntaxTree, HashSet<(BodySummary, Location)>>();
                WholeProgramReporting.Register(
                    start,
                    FlowProgram.For(start.Compilation),
                    (program, tree, _, report, cancellationToken) => ReportTree(program, tree, settled, report, cancellationToken),
                    (program, tree, _, report, cancellationToken) => ReportSettled(program, tree, settled, report, cancellationToken));
            });
        }

        private static void ReportTree(
            FlowProgram program, SyntaxTree tree, ConcurrentDictionary<SyntaxTree, HashSet<(BodySummary, Location)>> settled, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (!program.TryGet(tree, out var summaries))
            {
                return;
            }

            settled.TryGetValue(tree, out var reported);
            lock (program.SolverGate)
            {
                var solver = program.Solver;
                foreach (var body in summaries.Bodies)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (body.Kind)
                    {
                        case BodyKind.Method or BodyKind.Constructor:
                            foreach (var late in LateSeeds(solver, body))
                            {
                                if (reported?.Contains((body, late.Seed.Location)) != true)
                                {
                                    report(LateSeedDiagnostic(late));
                                }
                            }

                            break;
                        case BodyKind.StaticConstructor or BodyKind.StaticInitializer:
                            if (StaticDraw(solver, body) is { } draw && reported?.Contains((body, draw.Location)) != true)
                            {
                                report(StaticDrawDiagnostic(body, draw));
                            }

                            break;
                    }
                }
            }
        }

        /// <summary>
        /// Before the rest of the program is summarised (a cold build's first trees, or a file an
        /// editor analyses before it has seen the others), the findings this tree settles on its
        /// own are reported now, and left out when the tree is reported from the whole program.
        /// The tree's bodies are solved on their own, a call that may run code elsewhere (a target
        /// the tree does not hold, any virtual call) ending the path (<see cref="OutsideCalls"/>).
        /// A late seed written in a body (in its own run, not a lambda's, which may run more than
        /// once) is settled when no such call can run before it (<see cref="Solver.MayRunOutsideBefore"/>):
        /// every path to it then runs only this tree's code, so the whole program finds it late
        /// after the same draw; so does static code that calls nothing elsewhere at all. The
        /// findings, their messages and their places are therefore the ones a complete analysis
        /// gives, whatever order the driver hands the trees over in.
        /// </summary>
        private static void ReportSettled(
            FlowProgram program, SyntaxTree tree, ConcurrentDictionary<SyntaxTree, HashSet<(BodySummary, Location)>> settled, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (!program.TryGet(tree, out var summaries) || !MayMatter(summaries))
            {
                return;
            }

            var reported = new HashSet<(BodySummary, Location)>();
            program.SolveAlone(summaries, solver =>
            {
                foreach (var body in summaries.Bodies)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (body.Kind)
                    {
                        case BodyKind.Method or BodyKind.Constructor:
                            foreach (var late in LateSeeds(solver, body, ownRunOnly: true))
                            {
                                if (!solver.MayRunOutsideBefore(body, late.Seed) && reported.Add((body, late.Seed.Location)))
                                {
                                    report(LateSeedDiagnostic(late));
                                }
                            }

                            break;
                        case BodyKind.StaticConstructor or BodyKind.StaticInitializer when solver.MayRun(body, Generator.TorchCpu, EventKind.Draw):
                            if (StaticDraw(solver, body) is { } draw
                                && !solver.MayRunOutside(body)
                                && reported.Add((body, draw.Location)))
                            {
                                report(StaticDrawDiagnostic(body, draw));
                            }

                            break;
                    }
                }
            });

            settled[tree] = reported;
        }

        /// <summary>
        /// True when the tree's own code can settle a finding: it draws from the CPU generator,
        /// and it seeds it or draws in static code (a late seed needs a draw before it here).
        /// </summary>
        private static bool MayMatter(TreeSummaries summaries)
        {
            var seeds = false;
            var draws = false;
            var staticDraws = false;
            var seed = BodyOutline.Bit(Generator.TorchCpu, EventKind.Seed);
            var draw = BodyOutline.Bit(Generator.TorchCpu, EventKind.Draw);
            foreach (var body in summaries.Bodies)
            {
                if (body.Mentions(Generator.TorchCpu))
                {
                    var outline = body.Outline;
                    seeds |= outline.HasAny(seed);
                    draws |= outline.HasAny(draw);
                    staticDraws |= body.Kind is BodyKind.StaticConstructor or BodyKind.StaticInitializer && outline.HasAny(draw);
                }
            }

            return draws && (seeds || staticDraws);
        }

        /// <summary>
        /// The late seeds reported in the body: each seed once, with the draw of the first late
        /// seed found there. Those of the body's own run (entered unseeded) and, unless
        /// <paramref name="ownRunOnly"/>, of the lambdas and local functions it runs (each in the
        /// state it runs in).
        /// </summary>
        private static List<LateSeed> LateSeeds(Solver solver, BodySummary body, bool ownRunOnly = false)
        {
            var found = new List<LateSeed>();
            var root = solver.CallableOf(body);
            if (!solver.MayRun(body, Generator.TorchCpu, EventKind.Seed)
                || !solver.EffectOf(root, Entry.Unseeded, Generator.TorchCpu).HasLateSeed)
            {
                return found;
            }

            var reported = new HashSet<Location>();
            foreach (var (_, _, facts) in solver.Reachable(new[] { (root, Entry.Unseeded) }, Generator.TorchCpu, (run, _) => !ownRunOnly && run.Summary == body && run.Index >= 0))
            {
                foreach (var late in facts.LateSeeds)
                {
                    var place = late.Seed.Location;
                    if (IsIn(body, place) && reported.Add(place))
                    {
                        found.Add(late);
                    }
                }
            }

            return found;
        }

        private static Diagnostic LateSeedDiagnostic(LateSeed late)
            => Diagnostic.Create(
                Descriptors.SeedAfterDraw,
                late.Seed.Location,
                new[] { late.Draw.Location },
                Quote(late.Seed),
                Quote(late.Draw),
                late.Draw.Line.ToString(CultureInfo.InvariantCulture));

        /// <summary>The first draw static code makes while unseeded, when it is written in that code.</summary>
        private static Site? StaticDraw(Solver solver, BodySummary body)
            => solver.MayRun(body, Generator.TorchCpu, EventKind.Draw)
                && solver.EffectOf(solver.CallableOf(body), Entry.Unseeded, Generator.TorchCpu).DrawsWhileUnseeded
                && solver.Facts(solver.CallableOf(body), Entry.Unseeded, Generator.TorchCpu).FirstUnseededDraw is { } draw
                && IsIn(body, draw.Location)
                    ? draw
                    : null;

        private static Diagnostic StaticDrawDiagnostic(BodySummary body, Site draw)
            => Diagnostic.Create(Descriptors.SeedAfterDrawInStaticInitializer, draw.Location, Quote(draw), body.ContainingTypeName);

        /// <summary>How the message names a site: its code, or the base constructor an implicit call runs.</summary>
        private static string Quote(Site site)
            => site.ImplicitBaseConstructorOf is { } baseType ? "the base constructor " + baseType + "()" : site.Text;

        private static bool IsIn(BodySummary body, Location location)
            => location.SourceTree == body.Tree && body.Declaration.FullSpan.Contains(location.SourceSpan);
    }
}
