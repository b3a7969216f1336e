using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED001: <c>new Random()</c>, target-typed <c>new()</c> of Random, and every use of
    /// <c>Random.Shared</c>. Seeded constructors are left alone (nondeterministic seed values
    /// are SEED004's business).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededRandomAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.UnseededRandom);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var roles = SymbolRoles.For(context.Compilation);
            if (roles.Random is not { } random)
            {
                return;
            }

            if (random.UnseededConstructor is not null)
            {
                context.RegisterOperationAction(c => AnalyzeCreation(c, roles), OperationKind.ObjectCreation);
            }

            if (random.Shared is not null)
            {
                context.RegisterOperationAction(c => AnalyzePropertyReference(c, roles), OperationKind.PropertyReference);
            }
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, SymbolRoles roles)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            // One member to match: comparing with it is cheaper than a lookup (this runs for every
            // creation and property reference of the program).
            if (!SymbolEqualityComparer.Default.Equals(creation.Constructor, roles.Random!.UnseededConstructor) || IsBeingTyped(creation.Syntax))
            {
                return;
            }

            Report(context, roles, DiagnosticProperties.UnseededConstructor, "pass a fixed seed, e.g. new Random({0})");
        }

        private static void AnalyzePropertyReference(OperationAnalysisContext context, SymbolRoles roles)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (!SymbolEqualityComparer.Default.Equals(reference.Property, roles.Random!.Shared) || IsInsideNameOf(reference) || IsAssignedTo(reference))
            {
                return;
            }

            Report(context, roles, DiagnosticProperties.SharedInstance, "Random.Shared cannot be seeded, use a Random created with a fixed seed");
        }

        private static void Report(OperationAnalysisContext context, SymbolRoles roles, string kind, string advice)
        {
            var syntax = context.Operation.Syntax;
            if (SeedingOptions.GetBoolean(context.Options, syntax.SyntaxTree, SeedingOptions.MLOnlyKey, defaultValue: false)
                && !roles.Randomness.HasMachineLearningLibrary)
            {
                return; // seeding.ml_only: this project does no machine learning
            }

            var seed = SeedingOptions.GetDefaultSeed(context.Options, syntax.SyntaxTree);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, kind)
                .Add(DiagnosticProperties.DefaultSeed, seed.ToString(CultureInfo.InvariantCulture));

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnseededRandom,
                syntax.GetLocation(),
                properties,
                "'" + syntax.ToString() + "'",
                string.Format(CultureInfo.InvariantCulture, advice, seed)));
        }

        /// <summary>
        /// "new Random(" with its closing parenthesis still missing binds to Random(): the user is
        /// typing the arguments, so wait for them instead of flagging the half-written call.
        /// </summary>
        private static bool IsBeingTyped(SyntaxNode syntax)
            => syntax is BaseObjectCreationExpressionSyntax { ArgumentList.CloseParenToken.IsMissing: true };

        /// <summary>
        /// "Random.Shared = ..." does not compile (CS0200; the target comes wrapped in an invalid
        /// operation) and draws nothing; replacing the target with a seeded instance would only
        /// trade that error for another.
        /// </summary>
        private static bool IsAssignedTo(IOperation operation)
        {
            var target = operation;
            while (target.Parent is IInvalidOperation invalid)
            {
                target = invalid;
            }

            return target.Parent is IAssignmentOperation assignment && assignment.Target == target;
        }

        private static bool IsInsideNameOf(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current.Kind == OperationKind.NameOf)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
