using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED005: <c>new MLContext()</c>, <c>new MLContext(seed: null)</c> and target-typed
    /// <c>new()</c> of MLContext, when the context's generator is used: the context reaches
    /// (<see cref="ValueReach"/>), through locals, fields, properties, parameters and calls of the
    /// project, a member that draws from it (a trainer; a split, shuffle, sample or
    /// cross-validation without a seed of its own; an inventory consumer; AutoML), or code the
    /// analyzer cannot follow. A context that only loads, transforms and predicts is left alone.
    /// Seeds given as values are SEED004's business.
    /// </summary>
    /// <remarks>
    /// Whole-program, reported live (<see cref="WholeProgramReporting"/>): each tree is read once
    /// as the driver hands over its semantic model, and its creations are decided there when
    /// every tree has been read (in the editor, every edit), or else at the end of the compilation.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededMLContextAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.UnseededMLContext);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code is read (the program's contexts may flow through it) but never reported on.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext start)
        {
            var roles = SymbolRoles.For(start.Compilation);
            if (roles.MLContext is not { } knowledge)
            {
                return;
            }

            var program = ValueReach.For(start.Compilation, new ContextQuestion(roles, knowledge));
            WholeProgramReporting.Register(
                start,
                program.Facts,
                () => program.IsComplete,
                (facts, options, report, cancellationToken) => ReportTree(program, facts, options, report, cancellationToken));
        }

        private static void ReportTree(ValueReach program, ValueReach.TreeFacts facts, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (facts.IsGenerated)
            {
                return;
            }

            foreach (var creation in facts.Creations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (program.Reach(creation) is not { } use)
                {
                    continue;
                }

                var syntax = creation.Syntax;
                var location = SeedArguments.CreationLocation(syntax);
                var seed = SeedingOptions.GetDefaultSeed(options, syntax.SyntaxTree).ToString(CultureInfo.InvariantCulture);
                var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.DefaultSeed, seed);
                report(Diagnostic.Create(
                    Descriptors.UnseededMLContext,
                    location,
                    new[] { use.Site.Location },
                    properties,
                    SeedArguments.Quote(syntax, location),
                    Reason(use),
                    seed));
            }
        }

        /// <summary>"the trainer SdcaRegressionTrainer draws from the context's generator (Program.cs:12), so ..."</summary>
        private static string Reason(ReachedUse use)
        {
            var where = Path.GetFileName(use.Site.Tree.FilePath) + ":" + use.Site.Line.ToString(CultureInfo.InvariantCulture);
            return use.IsUse
                ? use.Subject + " draws from the context's generator (" + where + "), so results change on every run"
                : Escape(use) + " (" + where + "), where the analyzer cannot see whether the context's generator is used";
        }

        /// <summary>Words for a place the context cannot be followed past: "it is converted to object", "a lambda returns it", ...</summary>
        private static string Escape(ReachedUse use)
            => use.Kind switch
            {
                ReachKind.ConvertedTo => "it is converted to " + use.Subject,
                ReachKind.ReturnedByLambda => "a lambda returns it",
                ReachKind.Reaches => "it reaches '" + use.Subject + "'",
                ReachKind.PassedToOverridable => "it is passed to " + use.Subject + ", which may be implemented outside this project",
                ReachKind.KeptInReachableMember => "it is kept in " + use.Subject + ", which code outside this project can reach",
                _ => use.Subject,
            };

        /// <summary>What SEED005 asks of <see cref="ValueReach"/>: unseeded contexts, carried by ML.NET's context types, drawn from by ML.NET's members.</summary>
        private sealed class ContextQuestion : IReachQuestion
        {
            private readonly SymbolRoles _roles;
            private readonly MLContextKnowledge _knowledge;

            public ContextQuestion(SymbolRoles roles, MLContextKnowledge knowledge)
            {
                _roles = roles;
                _knowledge = knowledge;
            }

            public bool Carries(ITypeSymbol? type) => _knowledge.Carries(type);

            public bool IsTracked(IObjectCreationOperation creation)
                => (_roles.Of(creation.Constructor) & MemberRoles.MLContextConstructor) != 0
                    && _knowledge.Randomness.SeedParameter(creation.Constructor) is { } seedParameter
                    && SeedArguments.IsNoSeed(SeedArguments.For(creation.Arguments, seedParameter))
                    && !SeedArguments.IsBeingTyped(creation.Syntax);

            /// <summary>
            /// A member outside ML.NET is unknown code. An ML.NET member draws from the context when
            /// it is AutoML's, when the inventory says it consumes the context's generator, when it
            /// takes a seed that falls back to the context's and none is given, or when it makes a
            /// trainer. Everything else of ML.NET's (loading, transforms, prediction, evaluation) is harmless.
            /// </summary>
            public LibraryUseKind Classify(IOperation use, ISymbol member, out string text)
            {
                text = string.Empty;
                if (!MLContextKnowledge.IsMLNet(member))
                {
                    text = "it is passed to '" + CodeText.OneLine(use.Syntax, 60) + "'";
                    return LibraryUseKind.Unknown;
                }

                if (member is not IMethodSymbol method)
                {
                    return LibraryUseKind.Harmless;
                }

                if (MLContextKnowledge.IsAutoML(method))
                {
                    text = "AutoML (" + method.Name + ")";
                    return LibraryUseKind.Uses;
                }

                var randomness = _knowledge.Randomness;
                var entry = randomness.Find(method);
                if (entry is { Role: RandomnessRole.Consumer, Generator: GeneratorKind.MLContext })
                {
                    text = method.Name;
                    return LibraryUseKind.Uses;
                }

                var arguments = use switch
                {
                    IInvocationOperation invocation => invocation.Arguments,
                    IObjectCreationOperation creation => creation.Arguments,
                    _ => ImmutableArray<IArgumentOperation>.Empty,
                };
                if (entry is { Role: RandomnessRole.Seed }
                    && method.MethodKind != MethodKind.Constructor
                    && randomness.SeedParameter(method) is { } seedParameter
                    && SeedArguments.IsNoSeed(SeedArguments.For(arguments, seedParameter)))
                {
                    text = method.Name + " without a seed of its own";
                    return LibraryUseKind.Uses;
                }

                var result = method.MethodKind == MethodKind.Constructor ? method.ContainingType : method.ReturnType;
                if (_knowledge.IsTrainer(result))
                {
                    text = "the trainer " + result.Name;
                    return LibraryUseKind.Uses;
                }

                return LibraryUseKind.Harmless;
            }
        }
    }
}
