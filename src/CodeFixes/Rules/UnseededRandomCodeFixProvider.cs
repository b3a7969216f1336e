using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Seeding.Analyzers.CodeFixes.Shared;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED001 fixes. <c>new Random()</c> gets a seed argument; uses of <c>Random.Shared</c>
    /// are pointed at one seeded instance per type (a private static readonly field) or, in
    /// top-level statements, one local declared at the top.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededRandomCodeFixProvider)), Shared]
    public sealed class UnseededRandomCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "pass a fixed seed to the constructor".</summary>
        public const string AddSeedKey = "SEED001.AddSeed";

        /// <summary>Equivalence key of "use a seeded Random instead of Random.Shared".</summary>
        public const string UseSeededInstanceKey = "SEED001.UseSeededInstance";

        private const string AddSeedTitle = "Pass a fixed seed to Random";
        private const string UseSeededInstanceTitle = "Use a seeded Random instead of Random.Shared";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.UnseededRandom);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var key = EquivalenceKeyOf(diagnostic);
                if (key is null || Target(root, diagnostic) is not { } node || !IsFixable(node, key))
                {
                    continue;
                }

                var solution = context.Document.Project.Solution;
                var title = key == AddSeedKey ? AddSeedTitle : UseSeededInstanceTitle;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(solution, new[] { diagnostic }, key, ct), key),
                    diagnostic);
            }
        }

        /// <summary>Which fix applies to a diagnostic, by the kind the analyzer recorded.</summary>
        private static string? EquivalenceKeyOf(Diagnostic diagnostic)
        {
            diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind);
            return kind switch
            {
                DiagnosticProperties.UnseededConstructor => AddSeedKey,
                DiagnosticProperties.SharedInstance => UseSeededInstanceKey,
                _ => null,
            };
        }


        private static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            return root.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax;
        }

        private static bool IsFixable(ExpressionSyntax node, string key)
            => key == AddSeedKey
                ? node is BaseObjectCreationExpressionSyntax
                : TopLevelHome(node) is not null || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not null;

        /// <summary>Applies the fix named by <paramref name="key"/> to every matching diagnostic.</summary>
        private static async Task<Solution> FixAsync(
            Solution solution, IEnumerable<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            var editor = new SolutionEditor(solution);
            var sharedUses = new List<SharedUse>();

            foreach (var diagnostic in diagnostics)
            {
                if (EquivalenceKeyOf(diagnostic) != key
                    || diagnostic.Location.SourceTree is not { } tree
                    || solution.GetDocument(tree) is not { } document)
                {
                    continue;
                }

                var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                if (Target(root, diagnostic) is not { } node || !IsFixable(node, key))
                {
                    continue;
                }

                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                if (key == AddSeedKey)
                {
                    AddSeed(documentEditor, (BaseObjectCreationExpressionSyntax)node, SeedExpressions.DefaultSeedOf(diagnostic));
                }
                else
                {
                    sharedUses.Add(new SharedUse(document, documentEditor, node, SeedExpressions.DefaultSeedOf(diagnostic)));
                }
            }

            if (sharedUses.Count > 0)
            {
                await SeededRandomInstances.ReplaceSharedAsync(editor, sharedUses, cancellationToken).ConfigureAwait(false);
            }

            return editor.GetChangedSolution();
        }

        private static void AddSeed(DocumentEditor editor, BaseObjectCreationExpressionSyntax creation, int defaultSeed)
        {
            var seed = SeedExpressions.For(
                editor.SemanticModel, creation, defaultSeed, SeedExpressions.IsInStaticInitializer(creation));
            var arguments = SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(seed));
            var list = creation.ArgumentList is { } existing
                ? existing.WithArguments(arguments)
                : SyntaxFactory.ArgumentList(arguments);

            editor.ReplaceNode(creation, (current, _) =>
            {
                var updated = (BaseObjectCreationExpressionSyntax)current;
                if (updated.ArgumentList is null && updated is ObjectCreationExpressionSyntax { Type: { } type } explicitCreation)
                {
                    // "new Random { }": the argument list goes right after the type, keeping the type's trivia outside it.
                    return Layout.Plain(explicitCreation
                        .WithType(type.WithoutTrailingTrivia())
                        .WithArgumentList(list.WithTrailingTrivia(type.GetTrailingTrivia())));
                }

                return Layout.Plain(updated.WithArgumentList(list));
            });
        }

        /// <summary>The compilation unit whose top-level statements contain <paramref name="node"/>, if any.</summary>
        internal static CompilationUnitSyntax? TopLevelHome(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case LocalFunctionStatementSyntax function when function.Modifiers.Any(SyntaxKind.StaticKeyword):
                        return null; // a static local function cannot see a top-level local
                    case AnonymousFunctionExpressionSyntax lambda when lambda.Modifiers.Any(SyntaxKind.StaticKeyword):
                        return null;
                    case GlobalStatementSyntax global:
                        return global.Parent as CompilationUnitSyntax;
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>Fix All for SEED001: one pass over the whole scope, so Random.Shared gets one field per type.</summary>
        private sealed class FixAll : FixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var key = fixAllContext.CodeActionEquivalenceKey;
                if (key is not (AddSeedKey or UseSeededInstanceKey))
                {
                    return null;
                }

                if (await FixAllScopes.DiagnosticsAsync(fixAllContext).ConfigureAwait(false) is not { } diagnostics)
                {
                    return null;
                }

                var solution = fixAllContext.Solution;
                var title = key == AddSeedKey ? AddSeedTitle : UseSeededInstanceTitle;
                return CodeAction.Create(title, ct => FixAsync(solution, diagnostics, key!, ct), key);
            }
        }
    }

    /// <summary>One use of Random.Shared to point at a seeded instance.</summary>
    internal sealed class SharedUse
    {
        public SharedUse(Document document, DocumentEditor editor, ExpressionSyntax node, int defaultSeed)
        {
            Document = document;
            Editor = editor;
            Node = node;
            DefaultSeed = defaultSeed;
        }

        public Document Document { get; }

        public DocumentEditor Editor { get; }

        public ExpressionSyntax Node { get; }

        public int DefaultSeed { get; }
    }
}
