using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED005: <c>new MLContext()</c>, <c>new MLContext(seed: null)</c> and target-typed
    /// <c>new()</c> of MLContext. Without a seed the context seeds itself from
    /// <c>new Random()</c>. Seeds given as values (constants, variables) are left alone;
    /// whether a value is itself unpredictable is SEED004's business.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededMLContextAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.UnseededMLContext);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var knowledge = RandomnessKnowledge.For(context.Compilation);
            if (!knowledge.HasMicrosoftML)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeCreation(c, knowledge), OperationKind.ObjectCreation);
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, RandomnessKnowledge knowledge)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (knowledge.Find(creation.Constructor) is not { Role: RandomnessRole.Seed, Library: "Microsoft.ML", TypeMetadataName: "Microsoft.ML.MLContext" }
                || knowledge.SeedParameter(creation.Constructor) is not { } seedParameter
                || !SeedArguments.IsNoSeed(SeedArguments.For(creation.Arguments, seedParameter))
                || SeedArguments.IsBeingTyped(creation.Syntax))
            {
                return;
            }

            var syntax = creation.Syntax;
            var location = SeedArguments.CreationLocation(syntax);
            var seed = SeedingOptions.GetDefaultSeed(context.Options, syntax.SyntaxTree).ToString(CultureInfo.InvariantCulture);
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.DefaultSeed, seed);

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnseededMLContext,
                location,
                properties,
                SeedArguments.Quote(syntax, location),
                seed));
        }
    }
}
