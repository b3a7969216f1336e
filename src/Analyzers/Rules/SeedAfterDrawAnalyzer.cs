using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED002: TorchSharp's global seed runs after something already drew from the generator,
    /// in execution order (through calls, lambdas, initialisers and constructor chains); and
    /// draws in static initialisers, which may run before any seed.
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
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (!RandomnessKnowledge.For(start.Compilation).HasTorchSharp)
                {
                    return;
                }

                var order = ExecutionOrder.For(start.Compilation);
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, order));
            });
        }

        private static void AnalyzeBlock(OperationBlockAnalysisContext context, ExecutionOrder order)
        {
            switch (context.OwningSymbol)
            {
                case IMethodSymbol { MethodKind: MethodKind.StaticConstructor } staticConstructor:
                    ReportStaticDraw(context, order.BodyOf(staticConstructor), order, staticConstructor.ContainingType);
                    break;
                case IMethodSymbol method:
                    ReportLateSeeds(context, order.BodyOf(method), order);
                    break;
                case IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }:
                    ReportStaticDraw(context, order.InitializerOf(context.OwningSymbol), order, context.OwningSymbol.ContainingType);
                    break;
            }
        }

        private static void ReportLateSeeds(OperationBlockAnalysisContext context, FlowBody? body, ExecutionOrder order)
        {
            if (body is null)
            {
                return;
            }

            var flow = order.Analyze(body, Entry.Unseeded);
            var reported = new HashSet<Location>();
            Report(context, flow, order, reported, new HashSet<MethodFlow>());
        }

        /// <summary>Late seeds in the body and in the lambdas and local functions it runs.</summary>
        private static void Report(OperationBlockAnalysisContext context, MethodFlow flow, ExecutionOrder order, HashSet<Location> reported, HashSet<MethodFlow> seen)
        {
            if (!seen.Add(flow))
            {
                return;
            }

            foreach (var late in flow.LateSeeds)
            {
                if (IsInBlock(context, late.Seed) && reported.Add(late.Seed))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SeedAfterDraw,
                        late.Seed,
                        new[] { late.Draw.Location },
                        late.SeedText,
                        late.Draw.Text,
                        late.Draw.Line.ToString(CultureInfo.InvariantCulture)));
                }
            }

            foreach (var (callee, entry) in flow.Callees)
            {
                if (SymbolEqualityComparer.Default.Equals(callee.Member, context.OwningSymbol) && !ReferenceEquals(callee.Key, context.OwningSymbol))
                {
                    Report(context, order.Analyze(callee, entry), order, reported, seen);
                }
            }
        }

        private static void ReportStaticDraw(OperationBlockAnalysisContext context, FlowBody? body, ExecutionOrder order, INamedTypeSymbol type)
        {
            if (body is null || order.Analyze(body, Entry.Unseeded).FirstUnseededDraw is not { } draw || !IsInBlock(context, draw.Location))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SeedAfterDrawInStaticInitializer,
                draw.Location,
                draw.Text,
                type.Name));
        }

        private static bool IsInBlock(OperationBlockAnalysisContext context, Location location)
        {
            foreach (var block in context.OperationBlocks)
            {
                if (block.Syntax.SyntaxTree == location.SourceTree && block.Syntax.FullSpan.Contains(location.SourceSpan))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
