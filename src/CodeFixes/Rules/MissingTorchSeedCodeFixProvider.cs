using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.CodeFixes.Shared;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED003 fix: <c>torch.manual_seed(&lt;seed&gt;);</c> as the first statement of the entry
    /// point (Main or the top-level statements, wherever they are), with <c>using TorchSharp;</c>
    /// added when needed. One insertion per project, however many diagnostics.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingTorchSeedCodeFixProvider)), Shared]
    public sealed class MissingTorchSeedCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "seed TorchSharp at the start of the program".</summary>
        public const string SeedAtEntryPointKey = "SEED003.SeedAtEntryPoint";

        private const string Title = "Call torch.manual_seed at the start of the program";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingTorchSeed);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var entryPoint = await EntryPoints.FindAsync(context.Document.Project, context.CancellationToken).ConfigureAwait(false);
            if (entryPoint is null)
            {
                return; // a library under seeding.torch_seed_required = always: no program start to seed at
            }

            if (await StartsWithTorchSeedAsync(context.Document.Project, entryPoint, context.CancellationToken).ConfigureAwait(false))
            {
                return; // another seed before the one already there would change nothing
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var project = context.Document.Project;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => SeedProgramAsync(project, SeedExpressions.DefaultSeedOf(diagnostic), ct), SeedAtEntryPointKey),
                    diagnostic);
            }
        }


        private static async Task<Solution> SeedProgramAsync(Project project, int defaultSeed, CancellationToken cancellationToken)
        {
            var entryPoint = await EntryPoints.FindAsync(project, cancellationToken).ConfigureAwait(false);
            if (entryPoint is null
                || project.Solution.GetDocument(entryPoint.DocumentId) is not { } document
                || await StartsWithTorchSeedAsync(project, entryPoint, cancellationToken).ConfigureAwait(false))
            {
                return project.Solution;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            ExpressionSyntax seed = model is null
                ? Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseExpression(defaultSeed.ToString(CultureInfo.InvariantCulture))
                : SeedExpressions.For(model, SeedSite(entryPoint.Declaration), defaultSeed, constantsOnly: false);
            var statement = EntryPoints.Call("TorchSharp.torch.manual_seed", seed);
            return await EntryPoints.InsertFirstAsync(project.Solution, entryPoint, statement, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// True when the program's first statement already calls <c>torch.manual_seed</c> (or
        /// <c>torch.random.manual_seed</c>): a seed inserted before it would change nothing. SEED003
        /// is then reported because something undoes that seed before the draw, such as
        /// <c>torch.seed()</c>, which reseeds from the clock (SEED004 flags it and removes it).
        /// </summary>
        private static async Task<bool> StartsWithTorchSeedAsync(Project project, EntryPoint entryPoint, CancellationToken cancellationToken)
        {
            var call = FirstStatementOf(entryPoint.Declaration) switch
            {
                ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation } => invocation,
                LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }
                    when variables[0].Initializer?.Value is InvocationExpressionSyntax invocation => invocation,
                _ => null,
            };
            if (call is null
                || project.Solution.GetDocument(entryPoint.DocumentId) is not { } document
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
            {
                return false;
            }

            return model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method
                && RandomnessKnowledge.For(model.Compilation).IsTorchGlobalSeed(method);
        }

        private static StatementSyntax? FirstStatementOf(SyntaxNode declaration)
            => declaration switch
            {
                MethodDeclarationSyntax { Body.Statements: { Count: > 0 } statements } => statements[0],
                CompilationUnitSyntax unit => FirstStatement(unit) as StatementSyntax,
                _ => null,
            };

        /// <summary>A node inside the entry point's body, where the seed's name is looked up.</summary>
        private static SyntaxNode SeedSite(SyntaxNode declaration)
            => declaration switch
            {
                MethodDeclarationSyntax { Body: { } body } => body,
                MethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
                CompilationUnitSyntax unit => FirstStatement(unit) ?? (SyntaxNode)unit,
                _ => declaration,
            };

        private static SyntaxNode? FirstStatement(CompilationUnitSyntax unit) => EntryPoints.FirstGlobalStatement(unit)?.Statement;

        /// <summary>Fix All: the same single insertion for each project that has the diagnostic.</summary>
        private sealed class FixAll : FixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var projects = fixAllContext.Scope == FixAllScope.Solution
                    ? new List<Project>(fixAllContext.Solution.Projects)
                    : new List<Project> { fixAllContext.Project };
                return Task.FromResult<CodeAction?>(CodeAction.Create(
                    Title,
                    async ct =>
                    {
                        var solution = fixAllContext.Solution;
                        foreach (var project in projects)
                        {
                            var diagnostics = await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                            if (diagnostics.IsEmpty)
                            {
                                continue;
                            }

                            var current = solution.GetProject(project.Id);
                            if (current is not null)
                            {
                                solution = await SeedProgramAsync(current, SeedExpressions.DefaultSeedOf(diagnostics[0]), ct).ConfigureAwait(false);
                            }
                        }

                        return solution;
                    },
                    SeedAtEntryPointKey));
            }
        }
    }
}
