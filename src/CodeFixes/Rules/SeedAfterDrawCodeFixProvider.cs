using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.CodeFixes.Shared;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED002 fix: moves the seed statement up, right before the statement of its block that
    /// holds the first draw (the draw itself, or the if/loop/using around it), when the seed's
    /// arguments use nothing computed in between.
    /// Anything else (the draw in another method, a seed value computed late) is left to the
    /// user, whom the message tells what to move.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SeedAfterDrawCodeFixProvider)), Shared]
    public sealed class SeedAfterDrawCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "move the seed before the first draw".</summary>
        public const string MoveSeedKey = "SEED002.MoveSeedBeforeDraw";

        private const string Title = "Move the seed before the first draw";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SeedAfterDraw);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (FindMove(root, model, diagnostic, context.CancellationToken) is { } move)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => MoveAsync(document, move.Seed, move.Before, ct), MoveSeedKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> MoveAsync(Document document, SyntaxNode seed, SyntaxNode before, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var layout = await Layout.OfAsync(document, cancellationToken).ConfigureAwait(false);

            // The seed's lines go; a seed that shares its line with code before it leaves that
            // code its line break.
            editor.RemoveNode(seed, Layout.StartsLine(seed.GetFirstToken()) ? SyntaxRemoveOptions.KeepNoTrivia : SyntaxRemoveOptions.KeepEndOfLine);

            // The seed keeps its comments, those above it and the one after it on its line, and
            // takes the indentation of the statement it now precedes; blank lines above it stay
            // where they were.
            EntryPoints.InsertBefore(editor, layout, before, seed);
            return editor.GetChangedDocument();
        }

        /// <summary>The statement to move and the statement to put it before, or null when the move is not safe.</summary>
        private static (SyntaxNode Seed, SyntaxNode Before)? FindMove(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count == 0
                || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
                || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                || !root.FullSpan.Contains(diagnostic.AdditionalLocations[0].SourceSpan))
            {
                return null;
            }

            var seedCall = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var drawNode = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            if (SeedStatement(seedCall) is not { } seedStatement || !HasPlainArguments(model.GetOperation(seedCall, cancellationToken)))
            {
                return null;
            }

            // Statements are siblings in a block, or global statements of one file.
            var seedUnit = seedStatement.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : seedStatement;
            var container = seedUnit.Parent;
            SyntaxNode? drawUnit = drawNode;
            while (drawUnit is not null && drawUnit.Parent != container)
            {
                drawUnit = drawUnit.Parent;
            }

            if (container is null || drawUnit is null || drawUnit.SpanStart >= seedUnit.SpanStart
                || drawUnit is not (StatementSyntax or GlobalStatementSyntax))
            {
                return null;
            }

            return DependsOnStatementsBetween(model, seedStatement, drawUnit, seedUnit, container, cancellationToken)
                ? null
                : (seedUnit, drawUnit);
        }

        /// <summary>
        /// The seed's arguments are constants, locals and parameters (and arithmetic on them): a
        /// field, property or call may be set up by the statements the move would jump over
        /// (<c>Config.Load(args); torch.manual_seed(Config.Seed);</c>), so those are not moved.
        /// </summary>
        private static bool HasPlainArguments(IOperation? seed)
        {
            if (seed is not IInvocationOperation invocation)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    var plain = operation.ConstantValue.HasValue
                        || operation is ILocalReferenceOperation or IParameterReferenceOperation or IConversionOperation
                            or IBinaryOperation { OperatorMethod: null } or IUnaryOperation { OperatorMethod: null } or IParenthesizedOperation;
                    if (!plain)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary><c>torch.manual_seed(1);</c>, <c>var g = torch.manual_seed(1);</c> or <c>using var g = ...;</c>, where the call is the whole value.</summary>
        private static StatementSyntax? SeedStatement(SyntaxNode call)
        {
            switch (call.Parent)
            {
                case ExpressionStatementSyntax statement:
                    return statement;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }:
                    return local;
                default:
                    return null;
            }
        }

        /// <summary>True when the seed reads a variable that a statement from the draw up to the seed declares or writes.</summary>
        private static bool DependsOnStatementsBetween(
            SemanticModel model, StatementSyntax seed, SyntaxNode first, SyntaxNode seedUnit, SyntaxNode container, CancellationToken cancellationToken)
        {
            var reads = model.AnalyzeDataFlow(seed);
            if (reads is null || !reads.Succeeded)
            {
                return true;
            }

            foreach (var sibling in container.ChildNodes())
            {
                if (sibling.SpanStart < first.SpanStart || sibling.SpanStart >= seedUnit.SpanStart)
                {
                    continue;
                }

                var statement = sibling is GlobalStatementSyntax g ? g.Statement : sibling as StatementSyntax;
                if (statement is null)
                {
                    return true;
                }

                var between = model.AnalyzeDataFlow(statement);
                if (between is null || !between.Succeeded)
                {
                    return true;
                }

                foreach (var read in reads.ReadInside)
                {
                    if (between.WrittenInside.Contains(read) || between.VariablesDeclared.Contains(read))
                    {
                        return true;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            return false;
        }
    }
}
