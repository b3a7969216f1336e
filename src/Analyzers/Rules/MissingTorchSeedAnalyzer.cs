using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
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
    /// SEED003: a program draws from TorchSharp's global generator on a path where no
    /// torch.manual_seed ran before. Reported once per program, in its entry point: at the first
    /// place (in source order) of Main or the top-level statements that draws while unseeded,
    /// itself or through calls, constructors and initialisers, with the draw behind it named and
    /// added as a location. A draw that a seed follows on the same path (still pending when the
    /// seed runs) is SEED002's finding, not this one: one defect, one diagnostic. Libraries are
    /// left alone unless <c>seeding.torch_seed_required = always</c>; then each member is taken
    /// on its own, as if nothing seeded before it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingTorchSeedAnalyzer : DiagnosticAnalyzer
    {
        private const string NoSeed = "no torch.manual_seed runs before it";
        private const string SomePaths = "torch.manual_seed runs before it only on some paths";
        private const string LibraryStart = "the program";

        /// <summary>The finding depends on the CPU generator's events only: one typed for another generator leaves it standing.</summary>
        private static readonly int[] DependsOn = { BodyOutline.AllBits(Generator.TorchCpu) };

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.MissingTorchSeed, Descriptors.MissingTorchSeedThroughCall);

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
                var program = FlowProgram.For(start.Compilation);
                var finding = new Lazy<Finding?>(
                    () => program.Carried(nameof(MissingTorchSeedAnalyzer), DependsOn, () => FindFromEntryPoint(program), found => found is null ? Array.Empty<SyntaxTree>() : found.Trees),
                    LazyThreadSafetyMode.ExecutionAndPublication);

                // The place of a finding already reported from the entry point's own file (see ReportSettled).
                var settled = new StrongBox<Location?>();
                WholeProgramReporting.Register(
                    start,
                    program,
                    (p, tree, options, report, cancellationToken) =>
                    {
                        if (executable)
                        {
                            // Only the entry point's file can hold the finding: other files cost nothing.
                            if (IsEntryPointTree(p, tree, cancellationToken)
                                && finding.Value is { } found
                                && !found.Place.Location.Equals(Volatile.Read(ref settled.Value)))
                            {
                                ReportProgram(tree, options, report, found);
                            }
                        }
                        else
                        {
                            ReportLibrary(p, tree, options, report, cancellationToken);
                        }
                    },
                    executable ? (p, tree, options, report, cancellationToken) => ReportSettled(p, tree, options, report, settled, cancellationToken) : null);
            });
        }

        /// <summary>
        /// Before the rest of the program is summarised (a cold build's first trees, or the entry
        /// point's file opened in an editor that has not seen the others), the finding is reported
        /// from the entry point's file alone when that file settles it: nothing the entry point
        /// runs (its calls, to any depth, its lambdas and local functions) can run code of another
        /// file, and no call is virtual (<see cref="Solver.MayRunOutside"/>). Every path from the
        /// entry point then runs only this file's code, so the whole program gives the same place,
        /// draw and message; at the end of the compilation that finding is left out.
        /// </summary>
        private static void ReportSettled(FlowProgram program, SyntaxTree tree, AnalyzerOptions options, Action<Diagnostic> report, StrongBox<Location?> settled, CancellationToken cancellationToken)
        {
            if (!IsEntryPointTree(program, tree, cancellationToken)
                || !program.TryGet(tree, out var summaries)
                || program.EntryPointKey(cancellationToken) is not { } key)
            {
                return;
            }

            Finding? first = null;
            program.SolveAlone(summaries, solver =>
            {
                var entryPoints = solver.Bodies(key);
                foreach (var entryPoint in entryPoints)
                {
                    if (solver.MayRunOutside(entryPoint))
                    {
                        return; // the entry point may run another file's code: the finding waits for the whole program
                    }
                }

                first = FirstFinding(solver, entryPoints);
            });

            if (first is not null)
            {
                Volatile.Write(ref settled.Value, first.Place.Location);
                ReportProgram(tree, options, report, first);
            }
        }

        private static bool IsEntryPointTree(FlowProgram program, SyntaxTree tree, CancellationToken cancellationToken)
        {
            // Finding the entry point searches the whole compilation (each keystroke in an editor is
            // a new compilation); a file that declares no method named Main and has no top-level
            // statements cannot hold it, so most files never ask.
            if (!MayDeclareEntryPoint(tree, cancellationToken)
                || program.Compilation.GetEntryPoint(cancellationToken) is not { } entryPoint)
            {
                return false;
            }

            foreach (var reference in entryPoint.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == tree)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the tree has top-level statements or declares a method named Main: where an entry point can be.</summary>
        private static bool MayDeclareEntryPoint(SyntaxTree tree, CancellationToken cancellationToken)
        {
            foreach (var node in Summarizer.Declarations(tree.GetRoot(cancellationToken)))
            {
                if (node is GlobalStatementSyntax || (node is MethodDeclarationSyntax method && method.Identifier.ValueText == "Main"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A program: the one finding, in the entry point's tree.</summary>
        private static void ReportProgram(SyntaxTree tree, AnalyzerOptions options, Action<Diagnostic> report, Finding found)
        {
            if (found.Place.Tree != tree
                || (SeedingOptions.TryGet(options, tree, SeedingOptions.TorchSeedRequiredKey, out var required) && required == "never"))
            {
                return;
            }

            var why = found.Path.SeededOnOtherPaths ? SomePaths : NoSeed;
            var properties = Properties(options, tree);
            if (found.Path.Steps.Count == 1)
            {
                report(Diagnostic.Create(Descriptors.MissingTorchSeed, found.Place.Location, properties, found.Place.Text, why, found.Start));
                return;
            }

            var draw = found.Path.Draw;
            report(Diagnostic.Create(
                Descriptors.MissingTorchSeedThroughCall,
                found.Place.Location,
                new[] { draw.Site.Location },
                properties,
                found.Place.Text,
                draw.Site.Text,
                Describe(draw.Body.Summary),
                Where(draw.Site),
                why,
                found.Start));
        }

        /// <summary>A library under "always": each member on its own, entered unseeded, at its first draw that no later seed covers.</summary>
        private static void ReportLibrary(FlowProgram program, SyntaxTree tree, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (!SeedingOptions.TryGet(options, tree, SeedingOptions.TorchSeedRequiredKey, out var required) || required != "always"
                || !program.TryGet(tree, out var summaries))
            {
                return;
            }

            var properties = Properties(options, tree);
            lock (program.SolverGate)
            {
                var solver = program.Solver;
                foreach (var body in summaries.Bodies)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var root = solver.CallableOf(body);
                    if (!solver.EffectOf(root, Entry.Unseeded, Generator.TorchCpu).DrawsWhileUnseeded)
                    {
                        continue;
                    }

                    // The member's own code: its lambdas and local functions, not the members it calls.
                    Func<Callable, bool> ownCode = callee => callee.Summary == body && callee.Index >= 0;
                    if (FirstUncoveredDraw(solver, root, ownCode) is { } path)
                    {
                        var draw = path.Draw.Site;
                        report(Diagnostic.Create(Descriptors.MissingTorchSeed, draw.Location, properties, draw.Text, path.SeededOnOtherPaths ? SomePaths : NoSeed, LibraryStart));
                    }
                }
            }
        }

        /// <summary>A program: the first place of its entry point that draws while unseeded with no seed later on its path.</summary>
        private static Finding? FindFromEntryPoint(FlowProgram program)
        {
            lock (program.SolverGate)
            {
                if (program.EntryPointKey(CancellationToken.None) is not { } key)
                {
                    return null;
                }

                var solver = program.Solver;
                return FirstFinding(solver, solver.Bodies(key));
            }
        }

        /// <summary>The finding of the entry point's bodies: the first in source order.</summary>
        private static Finding? FirstFinding(Solver solver, IReadOnlyList<BodySummary> entryPoints)
        {
            Finding? first = null;
            foreach (var entryPoint in entryPoints)
            {
                if (FirstUncoveredDraw(solver, solver.CallableOf(entryPoint), static _ => true) is { } path
                    && (first is null || Site.Compare(path.Steps[0].Site, first.Place) < 0))
                {
                    first = new Finding(path, StartOf(entryPoint));
                }
            }

            return first;
        }

        /// <summary>
        /// The way to the draw behind the first place of <paramref name="root"/> (entered unseeded)
        /// that draws while unseeded, passing over places whose draw a later seed on the same path
        /// covers: those are SEED002's.
        /// </summary>
        private static DrawPath? FirstUncoveredDraw(Solver solver, Callable root, Func<Callable, bool> follow)
        {
            var facts = solver.Facts(root, Entry.Unseeded, Generator.TorchCpu);
            var places = Solver.UnseededPlaces(facts, follow);
            if (places.Count == 0)
            {
                return null;
            }

            var seededLater = solver.SeedsWhilePending(root, Entry.Unseeded, Generator.TorchCpu, places);
            for (var i = 0; i < places.Count; i++)
            {
                if (!seededLater[i]
                    && solver.DrawBehind(root, Entry.Unseeded, facts, places[i], Generator.TorchCpu, follow) is { } path
                    && !solver.SeedRunsWhilePending(path, Generator.TorchCpu, fromStep: 1))
                {
                    return path;
                }
            }

            return null;
        }

        private static ImmutableDictionary<string, string?> Properties(AnalyzerOptions options, SyntaxTree tree)
            => ImmutableDictionary<string, string?>.Empty.Add(
                DiagnosticProperties.DefaultSeed,
                SeedingOptions.GetDefaultSeed(options, tree).ToString(CultureInfo.InvariantCulture));

        /// <summary>Where the message tells the user to seed: "Main" (the entry method's name) or the top-level statements.</summary>
        private static string StartOf(BodySummary entryPoint)
            => entryPoint.Declaration is MethodDeclarationSyntax method ? method.Identifier.ValueText : "the top-level statements";

        /// <summary>The file name and line of a site, e.g. <c>Net.cs:11</c> (<c>line 11</c> for code without a file).</summary>
        private static string Where(Site site)
        {
            var file = Path.GetFileName(site.Tree.FilePath);
            var line = site.Line.ToString(CultureInfo.InvariantCulture);
            return string.IsNullOrEmpty(file) ? "line " + line : file + ":" + line;
        }

        /// <summary>How the message names the member a draw is written in: <c>Models.Build</c>, <c>Net's constructor</c>, <c>the initialiser of Net._fc</c>.</summary>
        private static string Describe(BodySummary body)
        {
            var type = body.ContainingTypeName;
            switch (body.Kind)
            {
                case BodyKind.Constructor:
                    return type + "'s constructor";
                case BodyKind.StaticConstructor:
                    return type + "'s static constructor";
                case BodyKind.Initializer:
                    return "the initialiser of " + type + "." + MemberName(body.Declaration);
                case BodyKind.StaticInitializer:
                    return "the static initialiser of " + type + "." + MemberName(body.Declaration);
                default:
                    return body.Declaration is CompilationUnitSyntax ? "the top-level statements" : type + "." + MemberName(body.Declaration);
            }
        }

        private static string MemberName(SyntaxNode declaration)
            => declaration switch
            {
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                OperatorDeclarationSyntax @operator => "operator " + @operator.OperatorToken.ValueText,
                ConversionOperatorDeclarationSyntax conversion => "operator " + conversion.Type,
                DestructorDeclarationSyntax => "Finalize",
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax field } => field.Identifier.ValueText,
                EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
                ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
                AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } accessor => property.Identifier.ValueText + " " + accessor.Keyword.ValueText,
                AccessorDeclarationSyntax { Parent.Parent: EventDeclarationSyntax @event } accessor => @event.Identifier.ValueText + " " + accessor.Keyword.ValueText,
                AccessorDeclarationSyntax { Parent.Parent: IndexerDeclarationSyntax } accessor => "this[] " + accessor.Keyword.ValueText,
                ArrowExpressionClauseSyntax { Parent: IndexerDeclarationSyntax } => "this[]",
                _ => "code",
            };

        private sealed class Finding
        {
            public Finding(DrawPath path, string start)
            {
                Path = path;
                Start = start;
            }

            /// <summary>The place in the entry point: where the diagnostic sits.</summary>
            public Site Place => Path.Steps[0].Site;

            public DrawPath Path { get; }

            /// <summary>The entry point, as the message names it.</summary>
            public string Start { get; }

            /// <summary>The trees of the sites the diagnostic shows.</summary>
            public SyntaxTree[] Trees => new[] { Place.Tree, Path.Draw.Site.Tree };
        }
    }
}
