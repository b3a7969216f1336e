using System.Collections.Immutable;
using System.Globalization;
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
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (!RandomnessKnowledge.For(start.Compilation).HasTorchSharp)
                {
                    return;
                }

                var order = ExecutionOrder.For(start.Compilation);
                var executable = start.Compilation.Options.OutputKind is OutputKind.ConsoleApplication
                    or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, order, executable));
            });
        }

        private static void AnalyzeBlock(OperationBlockAnalysisContext context, ExecutionOrder order, bool executable)
        {
            var tree = context.OperationBlocks.IsEmpty ? null : context.OperationBlocks[0].Syntax.SyntaxTree;
            if (tree is null)
            {
                return;
            }

            SeedingOptions.TryGet(context.Options, tree, SeedingOptions.TorchSeedRequiredKey, out var required);
            if (required == "never" || (!executable && required != "always"))
            {
                return;
            }

            UnseededDraw? draw = null;
            if (executable)
            {
                order.UnseededDrawsFromEntryPoint.TryGetValue(context.OwningSymbol, out draw);
            }
            else if ((context.OwningSymbol is IMethodSymbol method ? order.BodyOf(method) : order.InitializerOf(context.OwningSymbol)) is { } body)
            {
                // A library under "always": each method on its own, as if nothing seeded before it.
                foreach (var candidate in order.Analyze(body, Entry.Unseeded).UnseededDraws)
                {
                    draw = draw is null || DrawSite.Earliest(draw.Site, candidate.Site) == candidate.Site ? candidate : draw;
                }
            }

            if (draw is null || draw.Site.Location.SourceTree != tree)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(
                DiagnosticProperties.DefaultSeed,
                SeedingOptions.GetDefaultSeed(context.Options, tree).ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MissingTorchSeed,
                draw.Site.Location,
                properties,
                draw.Site.Text,
                draw.SeededOnOtherPaths ? SomePaths : NoSeed));
        }
    }
}
