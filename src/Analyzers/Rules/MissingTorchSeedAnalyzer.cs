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
    /// SEED003: a program draws from TorchSharp's global generator on a path where no
    /// torch.manual_seed ran before. Reported once per method, at its first such draw. Libraries
    /// are left alone unless <c>seeding.torch_seed_required = always</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingTorchSeedAnalyzer : DiagnosticAnalyzer
    {
        private const string NoSeed = "no torch.manual_seed runs before it";
        private const string SomePaths = "torch.manual_seed runs before it only on some paths";

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.MissingTorchSeed);

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

                var executable = start.Compilation.Options.OutputKind is OutputKind.ConsoleApplication
                    or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;
                var fromEntryPoint = new Lazy<Dictionary<BodySummary, UnseededDraw>>(
                    () => TraceFromEntryPoint(FlowProgram.For(start.Compilation)), LazyThreadSafetyMode.ExecutionAndPublication);
                WholeProgramReporting.Register(
                    start,
                    FlowProgram.For(start.Compilation),
                    (program, tree, options, report, cancellationToken) => ReportTree(program, tree, options, report, executable, fromEntryPoint, cancellationToken));
            });
        }

        private static void ReportTree(
            FlowProgram program,
            SyntaxTree tree,
            AnalyzerOptions options,
            Action<Diagnostic> report,
            bool executable,
            Lazy<Dictionary<BodySummary, UnseededDraw>> fromEntryPoint,
            CancellationToken cancellationToken)
        {
            SeedingOptions.TryGet(options, tree, SeedingOptions.TorchSeedRequiredKey, out var required);
            if (required == "never" || (!executable && required != "always") || !program.TryGet(tree, out var summaries))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(
                DiagnosticProperties.DefaultSeed,
                SeedingOptions.GetDefaultSeed(options, tree).ToString(CultureInfo.InvariantCulture));
            foreach (var body in summaries.Bodies)
            {
                cancellationToken.ThrowIfCancellationRequested();
                UnseededDraw? draw;
                if (executable)
                {
                    fromEntryPoint.Value.TryGetValue(body, out draw);
                }
                else
                {
                    // A library under "always": each member on its own, as if nothing seeded before it.
                    draw = FirstUnseededDraw(program, body);
                }

                if (draw is not null && draw.Site.Tree == tree)
                {
                    report(Diagnostic.Create(
                        Descriptors.MissingTorchSeed,
                        draw.Site.Location,
                        properties,
                        draw.Site.Text,
                        draw.SeededOnOtherPaths ? SomePaths : NoSeed));
                }
            }
        }

        /// <summary>For a program: every member whose code may draw while unseeded when run from the entry point, with its first such draw.</summary>
        private static Dictionary<BodySummary, UnseededDraw> TraceFromEntryPoint(FlowProgram program)
        {
            var found = new Dictionary<BodySummary, UnseededDraw>();
            lock (program.SolverGate)
            {
                var solver = program.Solver;
                if (program.EntryPointKey(CancellationToken.None) is not { } key)
                {
                    return found;
                }

                var roots = new List<(Callable, Entry)>();
                foreach (var root in solver.Bodies(key))
                {
                    roots.Add((solver.CallableOf(root), Entry.Unseeded));
                }

                // Bodies entered seeded, and bodies that draw nothing while unseeded, have nothing to find.
                foreach (var (body, _, facts) in solver.Reachable(
                    roots,
                    Generator.TorchCpu,
                    (run, entry) => entry != Entry.Seeded && solver.EffectOf(run, Entry.Unseeded, Generator.TorchCpu).DrawsWhileUnseeded))
                {
                    foreach (var draw in facts.UnseededDraws)
                    {
                        if (!found.TryGetValue(body.Summary, out var known) || Site.Compare(draw.Site, known.Site) < 0)
                        {
                            found[body.Summary] = draw;
                        }
                    }
                }
            }

            return found;
        }

        /// <summary>The member's own first draw while unseeded, in its code or the lambdas and local functions it runs.</summary>
        private static UnseededDraw? FirstUnseededDraw(FlowProgram program, BodySummary body)
        {
            UnseededDraw? first = null;
            lock (program.SolverGate)
            {
                var solver = program.Solver;
                var root = new[] { (solver.CallableOf(body), Entry.Unseeded) };
                foreach (var (_, _, facts) in solver.Reachable(root, Generator.TorchCpu, (run, _) => run.Summary == body && run.Index >= 0))
                {
                    foreach (var draw in facts.UnseededDraws)
                    {
                        if (first is null || Site.Compare(draw.Site, first.Site) < 0)
                        {
                            first = draw;
                        }
                    }
                }
            }

            return first;
        }
    }
}
