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
using Microsoft.CodeAnalysis.Editing;
using Seeding.Analyzers.CodeFixes.Shared;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED004 fixes. A seed that differs on every run is replaced by a fixed one (the type's
    /// seed member or <c>seeding.default_seed</c>); a reseed from the clock that stands as its
    /// own statement is removed, keeping the comments around it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NondeterministicSeedCodeFixProvider)), Shared]
    public sealed class NondeterministicSeedCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "use a fixed seed".</summary>
        public const string UseFixedSeedKey = "SEED004.UseFixedSeed";

        /// <summary>Equivalence key of "remove the reseed from the clock".</summary>
        public const string RemoveReseedKey = "SEED004.RemoveReseed";

        private const string UseFixedSeedTitle = "Use a fixed seed";
        private const string RemoveReseedTitle = "Remove the reseed from the clock";

        private static readonly FixAllProvider FixAll = FixAllProvider.Create(FixAllInDocumentAsync);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.NondeterministicSeed);

        public override FixAllProvider GetFixAllProvider() => FixAll;

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
                if (key is null || !IsFixable(root, diagnostic, key))
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        key == UseFixedSeedKey ? UseFixedSeedTitle : RemoveReseedTitle,
                        ct => FixDocumentAsync(document, ImmutableArray.Create(diagnostic), key, ct),
                        key),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
            => context.CodeActionEquivalenceKey is UseFixedSeedKey or RemoveReseedKey
                ? await FixDocumentAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false)
                : null;

        /// <summary>
        /// Which fix applies to a diagnostic, by the kind the analyzer recorded. None when the
        /// source is in another member (a field, property or helper): replacing the seed here
        /// would hide the member's clock value from the analyzer while every other use keeps it.
        /// </summary>
        private static string? EquivalenceKeyOf(Diagnostic diagnostic)
        {
            if (diagnostic.Properties.ContainsKey(DiagnosticProperties.SourceInOtherMember))
            {
                return null;
            }

            diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind);
            return kind switch
            {
                DiagnosticProperties.NondeterministicSeedValue => UseFixedSeedKey,
                DiagnosticProperties.ReseedFromClock => RemoveReseedKey,
                _ => null,
            };
        }

        private static bool IsFixable(SyntaxNode root, Diagnostic diagnostic, string key)
            => Target(root, diagnostic) is { } node
                && (key == UseFixedSeedKey ? node is ExpressionSyntax : RemovableStatement(node) is not null);

        private static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            return root.FullSpan.Contains(span) ? root.FindNode(span, getInnermostNodeForTie: true) : null;
        }


        /// <summary>Applies the fix named by <paramref name="key"/> to the document's matching diagnostics.</summary>
        private static async Task<Document> FixDocumentAsync(
            Document document, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            if (key == RemoveReseedKey)
            {
                var statements = new List<StatementSyntax>();
                foreach (var diagnostic in diagnostics)
                {
                    if (EquivalenceKeyOf(diagnostic) == key
                        && Target(root, diagnostic) is { } node
                        && RemovableStatement(node) is { } statement
                        && !statements.Contains(statement))
                    {
                        statements.Add(statement);
                    }
                }

                return document.WithSyntaxRoot(RemoveKeepingComments(root, statements));
            }

            var seeds = new List<(ExpressionSyntax Node, int DefaultSeed)>();
            foreach (var diagnostic in diagnostics)
            {
                if (EquivalenceKeyOf(diagnostic) == key && Target(root, diagnostic) is ExpressionSyntax node)
                {
                    seeds.Add((node, SeedExpressions.DefaultSeedOf(diagnostic)));
                }
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var (node, defaultSeed) in seeds)
            {
                // A seed inside another replaced seed (new Random(new Random(Environment.TickCount).Next())) goes with it.
                if (IsInsideAnother(node, seeds))
                {
                    continue;
                }

                var replacement = FixedSeed(editor.SemanticModel, node, defaultSeed);
                editor.ReplaceNode(node, Layout.Plain(replacement).WithTriviaFrom(node));
            }

            return editor.GetChangedDocument();
        }

        private static bool IsInsideAnother(ExpressionSyntax node, List<(ExpressionSyntax Node, int DefaultSeed)> seeds)
        {
            foreach (var (other, _) in seeds)
            {
                if (other != node && other.Span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The seed member or default seed, converted when the seed parameter is unsigned
        /// (<c>new torch.Generator(ulong seed)</c>, <c>uint</c> hashing seeds) and the value is
        /// not a non-negative constant, which converts by itself.
        /// </summary>
        private static ExpressionSyntax FixedSeed(SemanticModel model, ExpressionSyntax node, int defaultSeed)
        {
            var seed = SeedExpressions.For(model, node, defaultSeed, SeedExpressions.IsInStaticInitializer(node));
            var target = model.GetTypeInfo(node).ConvertedType;
            if (target is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                target = nullable.TypeArguments[0];
            }

            var keyword = target?.SpecialType switch
            {
                SpecialType.System_UInt64 => SyntaxKind.ULongKeyword,
                SpecialType.System_UInt32 => SyntaxKind.UIntKeyword,
                _ => SyntaxKind.None,
            };
            if (keyword == SyntaxKind.None || IsNonNegativeConstant(model, node, seed))
            {
                return seed;
            }

            var operand = seed is IdentifierNameSyntax or MemberAccessExpressionSyntax ? seed : SyntaxFactory.ParenthesizedExpression(seed);
            return SyntaxFactory.CheckedExpression(
                SyntaxKind.UncheckedExpression,
                SyntaxFactory.CastExpression(SyntaxFactory.PredefinedType(SyntaxFactory.Token(keyword)), operand));
        }

        private static bool IsNonNegativeConstant(SemanticModel model, ExpressionSyntax site, ExpressionSyntax seed)
        {
            if (seed is LiteralExpressionSyntax)
            {
                return true; // negative literals are written with a unary minus
            }

            var symbol = model.GetSpeculativeSymbolInfo(site.SpanStart, seed, SpeculativeBindingOption.BindAsExpression).Symbol;
            return symbol is IFieldSymbol { IsConst: true, ConstantValue: int value } && value >= 0;
        }

        /// <summary>
        /// The statement a reseed call stands as, when removing it leaves valid code: an
        /// expression statement (also <c>g?.seed();</c>) in a block, a switch section or the
        /// top-level statements. Null when the call's value is used or the statement is the
        /// body of an <c>if</c>, loop and the like.
        /// </summary>
        private static StatementSyntax? RemovableStatement(SyntaxNode node)
        {
            var expression = node;
            while (expression.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == expression)
            {
                expression = access;
            }

            if (expression.Parent is not ExpressionStatementSyntax statement || statement.Expression != expression)
            {
                return null;
            }

            return statement.Parent switch
            {
                BlockSyntax or SwitchSectionSyntax => statement,
                GlobalStatementSyntax { Parent: CompilationUnitSyntax } => statement,
                _ => null,
            };
        }

        /// <summary>
        /// Removes the statements. Comments before a statement, or after it on its line, stay
        /// where the statement was; blank lines and indentation go with it.
        /// </summary>
        private static SyntaxNode RemoveKeepingComments(SyntaxNode root, List<StatementSyntax> statements)
        {
            var current = root.TrackNodes(statements);
            foreach (var original in statements)
            {
                if (current.GetCurrentNode(original) is not { } statement)
                {
                    continue;
                }

                SyntaxNode removed = statement.Parent is GlobalStatementSyntax global ? global : statement;
                var kept = CommentsToKeep(removed);
                if (kept.Count == 0)
                {
                    current = current.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia)!;
                    continue;
                }

                current = current.ReplaceNode(removed, removed.WithLeadingTrivia(kept).WithTrailingTrivia());
                var again = current.GetCurrentNode(original)!;
                removed = again.Parent is GlobalStatementSyntax againGlobal ? againGlobal : again;
                current = current.RemoveNode(removed, SyntaxRemoveOptions.KeepLeadingTrivia)!;
            }

            return current;
        }

        /// <summary>
        /// The lines of trivia worth keeping: the leading trivia up to the statement's own line
        /// when it holds a comment or directive; then each comment inside the statement
        /// (<c>torch.seed(/* why */);</c>) and a comment that followed the statement on its line,
        /// on lines of their own with the statement's indentation. Empty when there is nothing
        /// but whitespace.
        /// </summary>
        private static SyntaxTriviaList CommentsToKeep(SyntaxNode statement)
        {
            var leading = statement.GetLeadingTrivia();
            var trailing = statement.GetTrailingTrivia();
            var lastEndOfLine = -1;
            for (var i = 0; i < leading.Count; i++)
            {
                if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia) || leading[i].IsDirective)
                {
                    lastEndOfLine = i;
                }
            }

            var kept = new List<SyntaxTrivia>();
            if (HasCommentOrDirective(leading))
            {
                for (var i = 0; i <= lastEndOfLine; i++)
                {
                    kept.Add(leading[i]);
                }
            }

            var indentation = new List<SyntaxTrivia>();
            for (var i = lastEndOfLine + 1; i < leading.Count; i++)
            {
                indentation.Add(leading[i]);
            }

            AddInnerComments(kept, statement, indentation, LineBreakOf(trailing));
            if (HasCommentOrDirective(trailing))
            {
                kept.AddRange(indentation);

                var started = false;
                foreach (var trivia in trailing)
                {
                    started |= !trivia.IsKind(SyntaxKind.WhitespaceTrivia);
                    if (started)
                    {
                        kept.Add(trivia);
                    }
                }
            }

            return SyntaxFactory.TriviaList(kept);
        }

        /// <summary>
        /// Comments between the statement's first and last token, each on a line of its own;
        /// directives and code they disable there are kept as they are.
        /// </summary>
        private static void AddInnerComments(List<SyntaxTrivia> kept, SyntaxNode statement, List<SyntaxTrivia> indentation, SyntaxTrivia lineBreak)
        {
            var first = statement.GetFirstToken();
            var last = statement.GetLastToken();
            foreach (var token in statement.DescendantTokens())
            {
                if (token != first)
                {
                    AddComments(kept, token.LeadingTrivia, indentation, lineBreak);
                }

                if (token != last)
                {
                    AddComments(kept, token.TrailingTrivia, indentation, lineBreak);
                }
            }
        }

        private static void AddComments(List<SyntaxTrivia> kept, SyntaxTriviaList trivia, List<SyntaxTrivia> indentation, SyntaxTrivia lineBreak)
        {
            foreach (var item in trivia)
            {
                if (item.IsKind(SyntaxKind.SingleLineCommentTrivia) || item.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    kept.AddRange(indentation);
                    kept.Add(item);
                    kept.Add(lineBreak);
                }
                else if (item.IsDirective || item.IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    kept.Add(item);
                }
            }
        }

        /// <summary>The line break that ends the statement, or "\n" when it ends the file.</summary>
        private static SyntaxTrivia LineBreakOf(SyntaxTriviaList trailing)
        {
            foreach (var item in trailing)
            {
                if (item.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return item;
                }
            }

            return SyntaxFactory.EndOfLine("\n");
        }

        private static bool HasCommentOrDirective(SyntaxTriviaList trivia)
        {
            foreach (var item in trivia)
            {
                if (item.IsDirective
                    || item.IsKind(SyntaxKind.SingleLineCommentTrivia)
                    || item.IsKind(SyntaxKind.MultiLineCommentTrivia)
                    || item.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)
                    || item.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
