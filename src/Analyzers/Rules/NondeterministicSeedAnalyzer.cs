using System;
using System.Collections.Concurrent;
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
    /// casts, arithmetic, static readonly fields, get-only properties, and the values the
    /// project's methods, local functions and lambdas return (as <see cref="ValueSources"/>
    /// follows them), from the clock, the process, a new GUID, a per-process randomised hash,
    /// cryptographic randomness or an unseeded generator — and TorchSharp's <c>seed()</c> calls,
    /// which reseed from the clock.
    /// </summary>
    /// <remarks>
    /// Reported at the seeding call. A source found in another function (a member, a local
    /// function, a lambda) is named in the message and added as an additional location. A walk
    /// that needs a member in a tree whose semantic model the driver has not handed over yet is
    /// asked again at the end of the compilation, when every tree's model is at hand.
    /// </remarks>
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
            var roles = SymbolRoles.For(context.Compilation);
            var seeds = new Seeds(roles);
            context.RegisterSemanticModelAction(c => seeds.Members.Add(c.SemanticModel));
            context.RegisterOperationAction(c => AnalyzeInvocation(c, seeds), OperationKind.Invocation);
            context.RegisterOperationAction(c => AnalyzeCreation(c, seeds), OperationKind.ObjectCreation);
            if (roles.Seeds.HasSeedMembers)
            {
                context.RegisterOperationAction(c => AnalyzeAssignment(c, seeds), OperationKind.SimpleAssignment);
            }

            context.RegisterCompilationEndAction(seeds.ReportDeferred);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, Seeds seeds)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var roles = seeds.Roles.Of(method);
            if ((roles & MemberRoles.ReseedsFromClock) != 0)
            {
                ReportReseed(context, seeds.Knowledge, invocation, method);
                return;
            }

            if ((roles & MemberRoles.TakesSeed) != 0 && seeds.Knowledge.SeedParameter(method) is { } parameter)
            {
                AnalyzeSeedArgument(context, seeds, invocation.Arguments, parameter, method);
            }
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, Seeds seeds)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is { } constructor
                && (seeds.Roles.Of(constructor) & MemberRoles.TakesSeed) != 0
                && seeds.Knowledge.SeedParameter(constructor) is { } parameter)
            {
                AnalyzeSeedArgument(context, seeds, creation.Arguments, parameter, constructor);
            }
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, Seeds seeds)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            var member = assignment.Target switch
            {
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
            if (member is null || (seeds.Roles.Of(member) & MemberRoles.SeedMember) == 0)
            {
                return;
            }

            seeds.Analyze(
                new SeedValue(
                    assignment.Value,
                    assignment.Syntax is AssignmentExpressionSyntax syntax ? syntax.Right : Outermost(assignment.Value.Syntax),
                    member),
                context.Options,
                context.ReportDiagnostic);
        }

        private static void AnalyzeSeedArgument(
            OperationAnalysisContext context,
            Seeds seeds,
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

                seeds.Analyze(
                    new SeedValue(
                        argument.Value,
                        argument.Syntax is ArgumentSyntax syntax ? syntax.Expression : Outermost(argument.Value.Syntax),
                        method),
                    context.Options,
                    context.ReportDiagnostic);
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

            Report(context.Options, context.ReportDiagnostic, knowledge, syntax, properties: null, additionalLocation: null, DiagnosticProperties.ReseedFromClock, message);
        }

        private static void Report(
            AnalyzerOptions options,
            Action<Diagnostic> report,
            SeedKnowledge knowledge,
            SyntaxNode syntax,
            ImmutableDictionary<string, string?>? properties,
            Location? additionalLocation,
            string kind,
            string message)
        {
            var tree = syntax.SyntaxTree;
            if (SeedingOptions.GetBoolean(options, tree, SeedingOptions.MLOnlyKey, defaultValue: false)
                && !knowledge.Randomness.HasMachineLearningLibrary)
            {
                return;
            }

            var seed = SeedingOptions.GetDefaultSeed(options, tree);
            properties = (properties ?? ImmutableDictionary<string, string?>.Empty)
                .Add(DiagnosticProperties.Kind, kind)
                .Add(DiagnosticProperties.DefaultSeed, seed.ToString(CultureInfo.InvariantCulture));
            var additional = additionalLocation is null ? null : new[] { additionalLocation };
            report(Diagnostic.Create(Descriptors.NondeterministicSeed, syntax.GetLocation(), additional, properties, message));
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

        /// <summary>A seed value to check: the operation, the code to report on, and the member it seeds (a seeding API called, or a seed member assigned).</summary>
        private sealed class SeedValue
        {
            private readonly ISymbol _seeded;

            public SeedValue(IOperation value, SyntaxNode syntax, ISymbol seeded)
            {
                Value = value;
                Syntax = syntax;
                _seeded = seeded;
            }

            public IOperation Value { get; }

            public SyntaxNode Syntax { get; }

            /// <summary>"The seed passed to new Random(...)", "The seed assigned to Options.Seed": made only for a finding.</summary>
            public string Subject => _seeded is IMethodSymbol method
                ? "The seed passed to " + CallName(method)
                : "The seed assigned to " + _seeded.ContainingType.ToDisplayString(TypeNameFormat) + "." + _seeded.Name;
        }

        /// <summary>
        /// One compilation's seed checks: the semantic models handed over so far (for members
        /// declared in other files), and the seeds whose walk needed a model not at hand yet,
        /// asked again at the end of the compilation.
        /// </summary>
        private sealed class Seeds
        {
            private readonly ConcurrentQueue<SeedValue> _deferred = new ConcurrentQueue<SeedValue>();

            public Seeds(SymbolRoles roles)
            {
                Roles = roles;
                Knowledge = roles.Seeds;
            }

            /// <summary>The compilation's shared index: one lookup tells whether a member seeds at all.</summary>
            public SymbolRoles Roles { get; }

            public SeedKnowledge Knowledge { get; }

            public MemberBodies Members { get; } = new MemberBodies();

            public void Analyze(SeedValue seed, AnalyzerOptions options, Action<Diagnostic> report)
            {
                var finder = new SourceFinder(Knowledge, Members);
                if (finder.Find(seed.Value) is { } source)
                {
                    ReportSource(seed, source, options, report);
                }
                else if (finder.Incomplete)
                {
                    _deferred.Enqueue(seed);
                }
            }

            public void ReportDeferred(CompilationAnalysisContext context)
            {
                while (_deferred.TryDequeue(out var seed))
                {
                    if (new SourceFinder(Knowledge, Members).Find(seed.Value) is { } source)
                    {
                        ReportSource(seed, source, context.Options, context.ReportDiagnostic);
                    }
                }
            }

            /// <summary>
            /// Reports at the seed. A source in another function is named ("in Settings.Seed") and
            /// pointed at; a source in another member also tells the fixer to leave the seed alone
            /// (the member is what needs a fixed value, and other code may use it).
            /// </summary>
            private void ReportSource(SeedValue seed, IOperation source, AnalyzerOptions options, Action<Diagnostic> report)
            {
                var message = seed.Subject + " comes from " + CodeText.OneLine(source.Syntax, MaxQuotedLength);
                ImmutableDictionary<string, string?>? properties = null;
                Location? additional = null;
                if (SourceFunctions.Function(source.Syntax) is { } function && function != SourceFunctions.Function(seed.Syntax))
                {
                    var name = SourceFunctions.Name(function, source.Syntax);
                    message += " in " + name;
                    additional = source.Syntax.GetLocation();
                    if (SourceFunctions.Member(source.Syntax) != SourceFunctions.Member(seed.Syntax))
                    {
                        properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.SourceInOtherMember, name);
                    }
                }

                Report(options, report, Knowledge, seed.Syntax, properties, additional, DiagnosticProperties.NondeterministicSeedValue, message + ", which differs on every run; use a fixed seed");
            }
        }

        /// <summary>Where a piece of code sits: the function that runs it, the member that declares it, and their names for messages.</summary>
        private static class SourceFunctions
        {
            /// <summary>The lambda, local function or member (or the top-level statements) whose code holds <paramref name="node"/>.</summary>
            public static SyntaxNode? Function(SyntaxNode node)
            {
                for (var current = node; current is not null; current = current.Parent)
                {
                    if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                    {
                        return current;
                    }

                    if (IsMember(current))
                    {
                        return current;
                    }
                }

                return null;
            }

            /// <summary>The member (or the top-level statements) whose code holds <paramref name="node"/>.</summary>
            public static SyntaxNode? Member(SyntaxNode node)
            {
                for (var current = node; current is not null; current = current.Parent)
                {
                    if (IsMember(current))
                    {
                        return current;
                    }
                }

                return null;
            }

            /// <summary>"Settings.Seed", "Program.MakeSeed()", "MakeSeed()" (a local function), "a lambda", "the top-level statements".</summary>
            public static string Name(SyntaxNode function, SyntaxNode source)
            {
                var type = function.Parent is BaseTypeDeclarationSyntax declaringType ? declaringType.Identifier.Text + "." : string.Empty;
                switch (function)
                {
                    case AnonymousFunctionExpressionSyntax:
                        return "a lambda";
                    case LocalFunctionStatementSyntax localFunction:
                        return localFunction.Identifier.Text + "()";
                    case MethodDeclarationSyntax method:
                        return type + method.Identifier.Text + "()";
                    case PropertyDeclarationSyntax property:
                        return type + property.Identifier.Text;
                    case BaseFieldDeclarationSyntax:
                        foreach (var ancestor in source.AncestorsAndSelf())
                        {
                            if (ancestor is VariableDeclaratorSyntax declarator)
                            {
                                return type + declarator.Identifier.Text;
                            }
                        }

                        return type.TrimEnd('.');
                    case CompilationUnitSyntax:
                        return "the top-level statements";
                    default:
                        return type.Length > 0 ? type.TrimEnd('.') : "another member";
                }
            }

            private static bool IsMember(SyntaxNode node)
                => (node is MemberDeclarationSyntax and not GlobalStatementSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax)
                    || node is CompilationUnitSyntax;
        }

        /// <summary>
        /// Asks <see cref="ValueSources"/> where a seed value comes from, and looks for a leaf
        /// whose value differs on every run: a run-dependent member, or a member, tuple or array
        /// element that is computed from a run-dependent value (its receiver or an argument).
        /// </summary>
        private sealed class SourceFinder
        {
            private readonly SeedKnowledge _knowledge;
            private readonly ValueSources _sources;

            public SourceFinder(SeedKnowledge knowledge, MemberBodies members)
            {
                _knowledge = knowledge;
                _sources = new ValueSources(members);
            }

            /// <summary>True when the walk met a member it could not read yet: ask again when every tree is at hand.</summary>
            public bool Incomplete => _sources.Incomplete;

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
