using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED004: a seed whose value differs on every run — taken, directly or through locals,
    /// casts and arithmetic in the same method (as <see cref="ValueSources"/> follows them), from the clock, the process, a new GUID, a
    /// per-process randomised hash, cryptographic randomness or an unseeded generator — and
    /// TorchSharp's <c>seed()</c> calls, which reseed from the clock.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NondeterministicSeedAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Longest source text quoted in a message.</summary>
        private const int MaxQuotedLength = 80;

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.NondeterministicSeed);

        /// <summary>"torch.random", "Random", "torch.Generator": containing types, no namespace, no type arguments.</summary>
        private static readonly SymbolDisplayFormat TypeNameFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
            genericsOptions: SymbolDisplayGenericsOptions.None);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            // Every compilation has System.Random's seeded constructor, so there is always something to check.
            var knowledge = SeedKnowledge.For(context.Compilation);
            context.RegisterOperationAction(c => AnalyzeInvocation(c, knowledge), OperationKind.Invocation);
            context.RegisterOperationAction(c => AnalyzeCreation(c, knowledge), OperationKind.ObjectCreation);
            if (knowledge.HasSeedMembers)
            {
                context.RegisterOperationAction(c => AnalyzeAssignment(c, knowledge), OperationKind.SimpleAssignment);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, SeedKnowledge knowledge)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (knowledge.IsReseedFromClock(method))
            {
                ReportReseed(context, knowledge, invocation, method);
                return;
            }

            if (knowledge.SeedParameter(method) is { } parameter)
            {
                AnalyzeSeedArgument(context, knowledge, invocation.Arguments, parameter, method);
            }
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, SeedKnowledge knowledge)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is { } constructor && knowledge.SeedParameter(constructor) is { } parameter)
            {
                AnalyzeSeedArgument(context, knowledge, creation.Arguments, parameter, constructor);
            }
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, SeedKnowledge knowledge)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            var member = assignment.Target switch
            {
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
            if (member is null || !knowledge.IsSeedMember(member))
            {
                return;
            }

            if (new SourceFinder(knowledge).Find(assignment.Value) is { } source)
            {
                Report(
                    context,
                    knowledge,
                    assignment.Syntax is AssignmentExpressionSyntax syntax ? syntax.Right : Outermost(assignment.Value.Syntax),
                    DiagnosticProperties.NondeterministicSeedValue,
                    "The seed assigned to " + member.ContainingType.ToDisplayString(TypeNameFormat) + "." + member.Name
                        + " comes from " + CodeText.OneLine(source.Syntax, MaxQuotedLength) + ", which differs on every run; use a fixed seed");
            }
        }

        private static void AnalyzeSeedArgument(
            OperationAnalysisContext context,
            SeedKnowledge knowledge,
            ImmutableArray<IArgumentOperation> arguments,
            IParameterSymbol parameter,
            IMethodSymbol method)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is null
                    || argument.Parameter.Ordinal != parameter.Ordinal
                    || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    continue;
                }

                if (new SourceFinder(knowledge).Find(argument.Value) is { } source)
                {
                    Report(
                        context,
                        knowledge,
                        argument.Syntax is ArgumentSyntax syntax ? syntax.Expression : Outermost(argument.Value.Syntax),
                        DiagnosticProperties.NondeterministicSeedValue,
                        "The seed passed to " + CallName(method) + " comes from " + CodeText.OneLine(source.Syntax, MaxQuotedLength)
                            + ", which differs on every run; use a fixed seed");
                }

                return;
            }
        }

        private static void ReportReseed(OperationAnalysisContext context, SeedKnowledge knowledge, IInvocationOperation invocation, IMethodSymbol method)
        {
            var name = method.ContainingType.ToDisplayString(TypeNameFormat) + "." + method.Name + "()";
            var message = knowledge.Randomness.IsTorchGlobalReseed(method)
                ? name + " reseeds TorchSharp's generator from the clock and undoes any earlier torch.manual_seed; remove it"
                : name + " reseeds the generator from the clock and undoes any earlier manual_seed on it; remove it";
            // g?.seed(): the whole conditional access is the call the user wrote.
            var syntax = invocation.Syntax;
            while (syntax.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == syntax)
            {
                syntax = access;
            }

            Report(context, knowledge, syntax, DiagnosticProperties.ReseedFromClock, message);
        }

        private static void Report(OperationAnalysisContext context, SeedKnowledge knowledge, SyntaxNode syntax, string kind, string message)
        {
            var tree = syntax.SyntaxTree;
            if (SeedingOptions.GetBoolean(context.Options, tree, SeedingOptions.MLOnlyKey, defaultValue: false)
                && !knowledge.Randomness.HasMachineLearningLibrary)
            {
                return;
            }

            var seed = SeedingOptions.GetDefaultSeed(context.Options, tree);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, kind)
                .Add(DiagnosticProperties.DefaultSeed, seed.ToString(CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NondeterministicSeed, syntax.GetLocation(), properties, message));
        }

        /// <summary>The whole written value: <c>unchecked(...)</c> and parentheses have no operation of their own.</summary>
        private static SyntaxNode Outermost(SyntaxNode syntax)
        {
            while (syntax.Parent is CheckedExpressionSyntax or ParenthesizedExpressionSyntax)
            {
                syntax = syntax.Parent;
            }

            return syntax;
        }

        /// <summary>"new Random(...)", "torch.manual_seed(...)", "torch.utils.data.DataLoader(...)".</summary>
        private static string CallName(IMethodSymbol method)
        {
            var type = method.ContainingType.ToDisplayString(TypeNameFormat);
            return method.MethodKind == MethodKind.Constructor
                ? "new " + type + "(...)"
                : type + "." + method.Name + "(...)";
        }

        /// <summary>
        /// Asks <see cref="ValueSources"/> where a seed value comes from, and looks for a leaf
        /// whose value differs on every run: a run-dependent member, or a member, tuple or array
        /// element that is computed from a run-dependent value (its receiver or an argument).
        /// </summary>
        private sealed class SourceFinder
        {
            private readonly SeedKnowledge _knowledge;
            private readonly ValueSources _sources = new ValueSources();

            public SourceFinder(SeedKnowledge knowledge)
            {
                _knowledge = knowledge;
            }

            /// <summary>The operation the run-dependent value comes from, or null.</summary>
            public IOperation? Find(IOperation? value)
            {
                if (value is null)
                {
                    return null;
                }

                foreach (var leaf in _sources.LeavesOf(value))
                {
                    if (FromLeaf(leaf) is { } source)
                    {
                        return source;
                    }
                }

                return null;
            }

            private IOperation? FromLeaf(IOperation leaf)
            {
                switch (leaf)
                {
                    case ITupleOperation tuple:
                        foreach (var element in tuple.Elements)
                        {
                            if (Find(element) is { } elementSource)
                            {
                                return elementSource;
                            }
                        }

                        return null;
                    case IArrayElementReferenceOperation element:
                        return Find(element.ArrayReference);
                    case IPropertyReferenceOperation property:
                        return FindInMember(leaf, property.Property, property.Instance, property.Arguments);
                    case IFieldReferenceOperation field:
                        // A field is configuration, not followed; a field of a run-dependent value is run-dependent.
                        return field.Instance is null ? null : FindInMember(leaf, field.Field, field.Instance, ImmutableArray<IArgumentOperation>.Empty);
                    case IInvocationOperation invocation:
                        return FindInMember(leaf, invocation.TargetMethod, invocation.Instance, invocation.Arguments);
                    case IObjectCreationOperation creation:
                        return FindInMember(leaf, creation.Constructor, instance: null, creation.Arguments);
                    default:
                        return null; // constants, parameters, locals whose value is unknown
                }
            }

            /// <summary>
            /// A member access is run-dependent when the member is (<c>Environment.TickCount</c>),
            /// when its receiver is (<c>DateTime.Now.Ticks</c>, <c>new Random().Next()</c>) or when
            /// an argument is (<c>Math.Abs(Environment.TickCount)</c>).
            /// </summary>
            private IOperation? FindInMember(IOperation operation, ISymbol? member, IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
            {
                if (member is not null && _knowledge.IsRunDependent(member))
                {
                    return operation;
                }

                if (Find(instance) is { } receiverSource)
                {
                    // Quote the whole chain ("DateTime.Now.Ticks") unless the receiver led elsewhere (a local).
                    return ReferenceEquals(receiverSource, instance) ? operation : receiverSource;
                }

                foreach (var argument in arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.Explicit
                        && argument.Parameter?.RefKind is null or RefKind.None or RefKind.In
                        && Find(argument.Value) is { } argumentSource)
                    {
                        return argumentSource;
                    }
                }

                return null;
            }
        }
    }
}
