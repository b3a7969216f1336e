using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Seeding.Analyzers.CodeFixes.Shared
{
    /// <summary>Where a program starts: a <c>Main</c> method or the top-level statements.</summary>
    internal sealed class EntryPoint
    {
        public EntryPoint(DocumentId documentId, SyntaxNode declaration)
        {
            DocumentId = documentId;
            Declaration = declaration;
        }

        /// <summary>The document that declares it (for top-level statements: the file that holds them).</summary>
        public DocumentId DocumentId { get; }

        /// <summary>A <see cref="MethodDeclarationSyntax"/> or the <see cref="CompilationUnitSyntax"/> of the top-level statements.</summary>
        public SyntaxNode Declaration { get; }
    }

    /// <summary>
    /// Finds a project's entry point and puts statements at its start, for the fixes that must
    /// seed "at the top of the program" (the statements may live in another file than the diagnostic).
    /// </summary>
    internal static class EntryPoints
    {
        /// <summary>The entry point of an executable project, or null (libraries, or none found).</summary>
        public static async Task<EntryPoint?> FindAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var main = compilation?.GetEntryPoint(cancellationToken);
            if (main is null || main.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            var declaration = await main.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            if (declaration is not (MethodDeclarationSyntax or CompilationUnitSyntax)
                || project.Solution.GetDocument(declaration.SyntaxTree) is not { } document)
            {
                return null;
            }

            return new EntryPoint(document.Id, declaration);
        }

        /// <summary>
        /// A call such as <c>torch.manual_seed(42)</c>, written fully qualified and annotated so
        /// that the fix adds <c>using TorchSharp;</c> when missing and then shortens the name.
        /// </summary>
        public static ExpressionStatementSyntax Call(string qualifiedMethod, ExpressionSyntax argument)
        {
            var target = SyntaxFactory.ParseExpression("global::" + qualifiedMethod)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            return SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.InvocationExpression(
                        target,
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument)))))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>Inserts <paramref name="statement"/> as the first statement of the entry point.</summary>
        public static async Task<Solution> InsertFirstAsync(Solution solution, EntryPoint entryPoint, StatementSyntax statement, CancellationToken cancellationToken)
        {
            var document = solution.GetDocument(entryPoint.DocumentId);
            if (document is null)
            {
                return solution;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            switch (entryPoint.Declaration)
            {
                case CompilationUnitSyntax unit when FirstGlobalStatement(unit) is { } first:
                    InsertBefore(editor, first, SyntaxFactory.GlobalStatement(WithLineEnd(statement, unit)));
                    break;
                case MethodDeclarationSyntax { Body: { } body } when body.Statements.Count > 0:
                    InsertBefore(editor, body.Statements[0], statement);
                    break;
                case MethodDeclarationSyntax { Body: { } body }:
                    editor.ReplaceNode(body, body.AddStatements(statement).WithAdditionalAnnotations(Formatter.Annotation));
                    break;
                case MethodDeclarationSyntax { ExpressionBody: { } arrow } method:
                    editor.ReplaceNode(method, ToBlockBody(method, arrow, statement, editor.SemanticModel, cancellationToken));
                    break;
                default:
                    return solution;
            }

            return await AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Inserts <paramref name="statement"/> right after <paramref name="anchor"/> (a statement in
        /// <paramref name="document"/>). An anchor that is the body of an <c>if</c>, loop or
        /// <c>using</c> without braces gets braces, so the new statement runs exactly when it does.
        /// </summary>
        public static async Task<Solution> InsertAfterAsync(Document document, StatementSyntax anchor, StatementSyntax statement, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

            // "label: anchor;" is one statement in the list; the new one goes after all of it.
            SyntaxNode target = anchor;
            while (target.Parent is LabeledStatementSyntax labeled)
            {
                target = labeled;
            }

            switch (target.Parent)
            {
                case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                    editor.InsertAfter(global, SyntaxFactory.GlobalStatement(WithLineEnd(statement, unit)).WithAdditionalAnnotations(Formatter.Annotation));
                    break;
                case BlockSyntax or SwitchSectionSyntax:
                    editor.InsertAfter(target, statement);
                    break;
                default:
                    // An embedded statement: "if (x) anchor;" becomes "if (x) { anchor; statement; }".
                    var existing = (StatementSyntax)target;
                    var block = SyntaxFactory.Block(existing.WithoutLeadingTrivia(), statement)
                        .WithLeadingTrivia(existing.GetLeadingTrivia())
                        .WithTrailingTrivia(SyntaxFactory.EndOfLine(LineEnd(existing.SyntaxTree.GetRoot(cancellationToken))))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    editor.ReplaceNode(existing, block);
                    break;
            }

            return await AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
        }

        private static async Task<Solution> AddImportsAsync(Document document, CancellationToken cancellationToken)
        {
            var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return withImports.Project.Solution;
        }

        /// <summary>
        /// Inserts <paramref name="added"/> before <paramref name="first"/>, handing over the blank
        /// lines that lead <paramref name="first"/> (after a using block, say) so that they now lead the new
        /// statement; comments directly above <paramref name="first"/> stay with it.
        /// </summary>
        private static void InsertBefore(DocumentEditor editor, SyntaxNode first, SyntaxNode added)
        {
            var leading = first.GetLeadingTrivia();
            var split = first.GetFirstToken().GetPreviousToken().IsKind(SyntaxKind.None) ? 0 : BlankLinesEnd(leading);
            if (split == 0)
            {
                editor.InsertBefore(first, added.WithAdditionalAnnotations(Formatter.Annotation));
                return;
            }

            var moved = SyntaxFactory.TriviaList(leading.Take(split));
            var kept = SyntaxFactory.TriviaList(leading.Skip(split));
            editor.InsertBefore(first, added.WithLeadingTrivia(moved).WithAdditionalAnnotations(Formatter.Annotation));
            editor.ReplaceNode(first, (current, _) => current.WithLeadingTrivia(kept));
        }

        /// <summary>How many leading trivia make up whole blank lines (before any comment that is not followed by one; never past a directive).</summary>
        private static int BlankLinesEnd(SyntaxTriviaList leading)
        {
            var end = 0;
            var lineHasContent = false;
            for (var i = 0; i < leading.Count; i++)
            {
                var trivia = leading[i];
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    if (!lineHasContent)
                    {
                        end = i + 1;
                    }

                    lineHasContent = false;
                }
                else if (trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    break;
                }
                else if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    lineHasContent = true;
                }
            }

            return end;
        }

        /// <summary>
        /// A top-level statement ends its own line with the file's line ending. Left to the
        /// formatter, a new member between members gets a blank line around it, which statements do not want.
        /// </summary>
        private static StatementSyntax WithLineEnd(StatementSyntax statement, CompilationUnitSyntax unit)
            => statement.WithTrailingTrivia(SyntaxFactory.EndOfLine(LineEnd(unit)));

        /// <summary>The line ending the file already uses ("\n" for a file of one line).</summary>
        private static string LineEnd(SyntaxNode root)
        {
            foreach (var token in root.DescendantTokens())
            {
                foreach (var trivia in token.TrailingTrivia)
                {
                    if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        return trivia.ToString();
                    }
                }
            }

            return "\n";
        }

        /// <summary>The first of the top-level statements in a file, or null.</summary>
        public static GlobalStatementSyntax? FirstGlobalStatement(CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member is GlobalStatementSyntax global)
                {
                    return global;
                }
            }

            return null;
        }

        /// <summary><c>static void Main() =&gt; Run();</c> becomes a block that runs the statement first.</summary>
        private static MethodDeclarationSyntax ToBlockBody(
            MethodDeclarationSyntax method, ArrowExpressionClauseSyntax arrow, StatementSyntax first, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbol = model.GetDeclaredSymbol(method, cancellationToken);
            var returnsValue = symbol is { ReturnsVoid: false }
                && !(symbol.IsAsync && symbol.ReturnType is INamedTypeSymbol { Arity: 0 }); // async Task Main: no value to return
            var expression = arrow.Expression.WithoutTrivia();
            StatementSyntax rest = expression switch
            {
                ThrowExpressionSyntax thrown => SyntaxFactory.ThrowStatement(thrown.Expression), // "=> throw ..." is not an expression statement
                _ when returnsValue => SyntaxFactory.ReturnStatement(expression),
                _ => SyntaxFactory.ExpressionStatement(expression),
            };
            return method
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(SyntaxFactory.Block(first, rest).WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
