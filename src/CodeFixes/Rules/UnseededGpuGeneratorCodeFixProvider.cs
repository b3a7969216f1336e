using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.CodeFixes.Shared;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED007 fix: <c>torch.cuda.manual_seed_all(seed)</c> right after the program's
    /// <c>torch.manual_seed(seed)</c> (with the same seed when that is a constant or a plain
    /// name), or, when there is no CPU seed to follow, as the first statement of the entry point.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededGpuGeneratorCodeFixProvider)), Shared]
    public sealed class UnseededGpuGeneratorCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "seed the CUDA generators".</summary>
        public const string SeedCudaGeneratorsKey = "SEED007.SeedCudaGenerators";

        private const string Title = "Seed the CUDA generators with torch.cuda.manual_seed_all";
        private const string CudaSeedMethod = "TorchSharp.torch.cuda.manual_seed_all";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.UnseededGpuGenerator);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var plan = await PlanAsync(context.Document.Project, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (plan is null)
                {
                    continue;
                }

                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => plan.ApplyAsync(solution, ct), SeedCudaGeneratorsKey),
                    diagnostic);
            }
        }

        /// <summary>Where the CUDA seed goes and with which value; null when there is nowhere to put it (a library without a CPU seed).</summary>
        private static async Task<Plan?> PlanAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var defaultSeed = SeedExpressions.DefaultSeedOf(diagnostic);
            if (diagnostic.AdditionalLocations.Count > 0
                && await AfterCpuSeedAsync(project.Solution, diagnostic.AdditionalLocations[0], defaultSeed, cancellationToken).ConfigureAwait(false) is { } after)
            {
                return after;
            }

            var entryPoint = await EntryPoints.FindAsync(project, cancellationToken).ConfigureAwait(false);
            if (entryPoint is null || project.Solution.GetDocument(entryPoint.DocumentId) is not { } document)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var site = FirstSite(entryPoint.Declaration);
            var seed = model is null || site is null
                ? SyntaxFactory.ParseExpression(defaultSeed.ToString(CultureInfo.InvariantCulture))
                : SeedExpressions.For(model, site, defaultSeed, constantsOnly: false);
            return new Plan(entryPoint, null, null, EntryPoints.Call(CudaSeedMethod, seed));
        }

        /// <summary>The plan that follows the CPU seed call at <paramref name="location"/>, when it is a statement of its own.</summary>
        private static async Task<Plan?> AfterCpuSeedAsync(Solution solution, Location location, int defaultSeed, CancellationToken cancellationToken)
        {
            if (location.SourceTree is not { } tree || solution.GetDocument(tree) is not { } document)
            {
                return null;
            }

            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            if (!root.FullSpan.Contains(location.SourceSpan)
                || root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || AnchorStatement(call) is not { } anchor)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return null;
            }

            var seed = SameSeed(model, call, cancellationToken)
                ?? SeedExpressions.For(model, anchor, defaultSeed, SeedExpressions.IsInStaticInitializer(anchor));
            return new Plan(null, document, anchor, EntryPoints.Call(CudaSeedMethod, seed));
        }

        /// <summary><c>torch.manual_seed(...);</c>, <c>var g = torch.manual_seed(...);</c> or <c>using var g = ...;</c>.</summary>
        private static StatementSyntax? AnchorStatement(InvocationExpressionSyntax call)
            => call.Parent switch
            {
                ExpressionStatementSyntax statement => statement,
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } } } => statement,
                _ => null,
            };

        /// <summary>
        /// The CPU seed's own argument, when writing it again gives the same value: a constant,
        /// or a name or member access (possibly cast) that reads a variable, field or property.
        /// </summary>
        private static ExpressionSyntax? SameSeed(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            if (call.ArgumentList.Arguments.Count != 1)
            {
                return null;
            }

            var argument = call.ArgumentList.Arguments[0].Expression;
            if (model.GetConstantValue(argument, cancellationToken).HasValue || IsPlainRead(model, argument, cancellationToken))
            {
                return argument.WithoutTrivia();
            }

            return null;
        }

        private static bool IsPlainRead(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return IsPlainRead(model, parenthesized.Expression, cancellationToken);
                case CastExpressionSyntax cast:
                    return IsPlainRead(model, cast.Expression, cancellationToken);
                case IdentifierNameSyntax:
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression }:
                    return model.GetSymbolInfo(expression, cancellationToken).Symbol
                        is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol { Parameters.Length: 0 };
                default:
                    return false;
            }
        }

        /// <summary>A node inside the entry point, for looking up a seed member in scope there.</summary>
        private static SyntaxNode? FirstSite(SyntaxNode declaration)
        {
            switch (declaration)
            {
                case MethodDeclarationSyntax method:
                    return (SyntaxNode?)method.Body ?? method.ExpressionBody;
                case CompilationUnitSyntax unit:
                    return EntryPoints.FirstGlobalStatement(unit)?.Statement;
                default:
                    return null;
            }
        }


        /// <summary>One insertion: at the entry point's start, or after an anchor statement.</summary>
        private sealed class Plan
        {
            private readonly EntryPoint? _entryPoint;
            private readonly Document? _document;
            private readonly StatementSyntax? _anchor;
            private readonly StatementSyntax _statement;

            public Plan(EntryPoint? entryPoint, Document? document, StatementSyntax? anchor, StatementSyntax statement)
            {
                _entryPoint = entryPoint;
                _document = document;
                _anchor = anchor;
                _statement = statement;
            }

            public Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
            {
                if (_document is not null && _anchor is not null && solution.GetDocument(_document.Id) is { } document)
                {
                    return EntryPoints.InsertAfterAsync(document, _anchor, _statement, cancellationToken);
                }

                return _entryPoint is not null
                    ? EntryPoints.InsertFirstAsync(solution, _entryPoint, _statement, cancellationToken)
                    : Task.FromResult(solution);
            }
        }

        /// <summary>
        /// Fix All for SEED007: the rule reports once per compilation, so each project gets at
        /// most one CUDA seed however many of its diagnostics the scope holds.
        /// </summary>
        private sealed class FixAll : FixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                if (fixAllContext.CodeActionEquivalenceKey != SeedCudaGeneratorsKey)
                {
                    return null;
                }

                if (await FixAllScopes.DiagnosticsAsync(fixAllContext).ConfigureAwait(false) is not { } diagnostics)
                {
                    return null;
                }

                var solution = fixAllContext.Solution;
                return CodeAction.Create(Title, ct => FixProjectsAsync(solution, diagnostics, ct), SeedCudaGeneratorsKey);
            }

            private static async Task<Solution> FixProjectsAsync(Solution solution, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
            {
                var done = new HashSet<ProjectId>();
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Id != DiagnosticIds.UnseededGpuGenerator
                        || solution.GetDocument(diagnostic.Location.SourceTree) is not { } document
                        || !done.Add(document.Project.Id))
                    {
                        continue;
                    }

                    // Planned against the solution as already changed for the projects before it.
                    var plan = await PlanAsync(document.Project, diagnostic, cancellationToken).ConfigureAwait(false);
                    if (plan is not null)
                    {
                        solution = await plan.ApplyAsync(solution, cancellationToken).ConfigureAwait(false);
                    }
                }

                return solution;
            }
        }
    }
}
