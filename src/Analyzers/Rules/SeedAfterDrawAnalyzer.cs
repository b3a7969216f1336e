using System;
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

                WholeProgramReporting.Register(start, FlowProgram.For(start.Compilation), ReportTree);
            });
        }

        private static void ReportTree(FlowProgram program, SyntaxTree tree, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (!program.TryGet(tree, out var summaries))
            {
                return;
            }

            lock (program.SolverGate)
            {
                var solver = program.Solver;
                foreach (var body in summaries.Bodies)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (body.Kind)
                    {
                        case BodyKind.Method or BodyKind.Constructor:
                            ReportLateSeeds(solver, body, report);
                            break;
                        case BodyKind.StaticConstructor or BodyKind.StaticInitializer:
                            ReportStaticDraw(solver, body, report);
                            break;
                    }
                }
            }
        }

        /// <summary>Late seeds in the body, and in the lambdas and local functions it runs (each in the state it runs in).</summary>
        private static void ReportLateSeeds(Solver solver, BodySummary body, Action<Diagnostic> report)
        {
            if (!solver.MayRun(body, Generator.TorchCpu, EventKind.Seed)
                || !solver.EffectOf(solver.CallableOf(body), Entry.Unseeded, Generator.TorchCpu).HasLateSeed)
            {
                return;
            }

            var reported = new HashSet<Location>();
            var root = solver.CallableOf(body);
            foreach (var (_, _, facts) in solver.Reachable(new[] { (root, Entry.Unseeded) }, Generator.TorchCpu, (run, _) => run.Summary == body && run.Index >= 0))
            {
                foreach (var late in facts.LateSeeds)
                {
                    var location = late.Seed.Location;
                    if (IsIn(body, location) && reported.Add(location))
                    {
                        report(Diagnostic.Create(
                            Descriptors.SeedAfterDraw,
                            location,
                            new[] { late.Draw.Location },
                            Quote(late.Seed),
                            Quote(late.Draw),
                            late.Draw.Line.ToString(CultureInfo.InvariantCulture)));
                    }
                }
            }
        }

        private static void ReportStaticDraw(Solver solver, BodySummary body, Action<Diagnostic> report)
        {
            if (!solver.MayRun(body, Generator.TorchCpu, EventKind.Draw)
                || !solver.EffectOf(solver.CallableOf(body), Entry.Unseeded, Generator.TorchCpu).DrawsWhileUnseeded
                || solver.Facts(solver.CallableOf(body), Entry.Unseeded, Generator.TorchCpu).FirstUnseededDraw is not { } draw
                || !IsIn(body, draw.Location))
            {
                return;
            }

            report(Diagnostic.Create(Descriptors.SeedAfterDrawInStaticInitializer, draw.Location, Quote(draw), body.ContainingTypeName));
        }

        /// <summary>How the message names a site: its code, or the base constructor an implicit call runs.</summary>
        private static string Quote(Site site)
            => site.ImplicitBaseConstructorOf is { } baseType ? "the base constructor " + baseType + "()" : site.Text;

        private static bool IsIn(BodySummary body, Location location)
            => location.SourceTree == body.Tree && body.Declaration.FullSpan.Contains(location.SourceSpan);
    }
}
