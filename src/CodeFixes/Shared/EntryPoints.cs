using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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
        /// <summary>Marks the statements these helpers insert, to find them again after names are shortened.</summary>
        private static readonly SyntaxAnnotation Inserted = new SyntaxAnnotation("Seeding.InsertedStatement");

        /// <summary>Marks the opening brace of a block added around an embedded statement.</summary>
        private static readonly SyntaxAnnotation OpenBrace = new SyntaxAnnotation("Seeding.AddedBrace");

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
        /// Its trivia are plain; the insertion lays it out like the file (<see cref="Layout"/>).
        /// </summary>
        public static ExpressionStatementSyntax Call(string qualifiedMethod, ExpressionSyntax argument)
        {
            var target = SyntaxFactory.ParseExpression("global::" + qualifiedMethod)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            return Layout.Plain(SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.InvocationExpression(
                        target,
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))))))
                .WithAdditionalAnnotations(Inserted);
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
            var layout = await Layout.OfAsync(document, cancellationToken).ConfigureAwait(false);
            switch (entryPoint.Declaration)
            {
                case CompilationUnitSyntax unit when FirstGlobalStatement(unit) is { } first:
                    InsertBefore(editor, layout, first, SyntaxFactory.GlobalStatement(statement));
                    break;
                case MethodDeclarationSyntax { Body: { } body } when body.Statements.Count > 0:
                    InsertBefore(editor, layout, body.Statements[0], statement);
                    break;
                case MethodDeclarationSyntax { Body: { } body }:
                    editor.ReplaceNode(body, body.AddStatements((StatementSyntax)layout.Into(body.OpenBraceToken, body.CloseBraceToken, statement)));
                    break;
                case MethodDeclarationSyntax { ExpressionBody: { } arrow } method:
                    editor.ReplaceNode(method, ToBlockBody(method, arrow, statement, layout, editor.SemanticModel, cancellationToken));
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
            var layout = await Layout.OfAsync(document, cancellationToken).ConfigureAwait(false);

            // "label: anchor;" is one statement in the list; the new one goes after all of it.
            SyntaxNode target = anchor;
            while (target.Parent is LabeledStatementSyntax labeled)
            {
                target = labeled;
            }

            switch (target.Parent)
            {
                case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax:
                    editor.InsertAfter(global, layout.After(global, SyntaxFactory.GlobalStatement(statement)));
                    break;
                case BlockSyntax or SwitchSectionSyntax:
                    editor.InsertAfter(target, layout.After(target, statement));
                    break;
                default:
                    // An embedded statement: "if (x) anchor;" becomes "if (x) { anchor; statement; }".
                    var existing = (StatementSyntax)target;
                    var header = existing.GetFirstToken().GetPreviousToken();
                    var braceAtHeader = Layout.StartsLine(existing.GetFirstToken())
                        && !layout.BraceOnOwnLine("control_blocks")
                        && OnlyLineBreak(header.TrailingTrivia)
                        && existing.Parent is not null;
                    editor.ReplaceNode(existing, EmbeddedBlock(existing, statement, layout, braceAtHeader));
                    if (braceAtHeader)
                    {
                        // "if (x) {": the brace ends the header's line.
                        editor.ReplaceNode(existing.Parent!, (current, _) =>
                        {
                            var brace = current.GetAnnotatedTokens(OpenBrace).FirstOrDefault();
                            var before = brace.GetPreviousToken();
                            return brace.RawKind == 0 ? current : current.ReplaceToken(before, before.WithTrailingTrivia(SyntaxFactory.Space));
                        });
                    }

                    break;
            }

            return await AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Adds the <c>using</c> the new statement needs and shortens its name now, rather than in
        /// the code action's clean-up: there the shortened name, which starts its line, would be
        /// handed to the formatter and re-indented with the editor's defaults.
        /// </summary>
        private static async Task<Solution> AddImportsAsync(Document document, CancellationToken cancellationToken)
        {
            var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            var reduced = await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (await reduced.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                return withImports.Project.Solution;
            }

            var settled = root.ReplaceNodes(root.GetAnnotatedNodes(Inserted), (_, current) => Layout.Settled(current));
            return reduced.WithSyntaxRoot(settled).Project.Solution;
        }

        /// <summary>
        /// Inserts <paramref name="added"/> before <paramref name="first"/> on a line of its own, as
        /// <see cref="Layout.Before"/> lays it out (blank lines above <paramref name="first"/> now
        /// lead the new statement; comments directly above it stay with it).
        /// </summary>
        public static void InsertBefore(SyntaxEditor editor, Layout layout, SyntaxNode first, SyntaxNode added)
        {
            var (placed, anchor) = layout.Before(first, added);
            editor.InsertBefore(first, placed);
            if (anchor != first)
            {
                editor.ReplaceNode(first, (current, _) => current.WithLeadingTrivia(anchor.GetLeadingTrivia()));
            }
        }

        /// <summary>
        /// <c>if (x) anchor;</c> becomes <c>if (x) { anchor; added; }</c> on one line; an anchor
        /// on a line of its own gets the closing brace on a line of its own at the <c>if</c>'s
        /// indentation, and the opening one likewise, or at the end of the <c>if</c>'s line
        /// (<paramref name="braceAtHeader"/>) in a file that opens blocks there.
        /// </summary>
        private static BlockSyntax EmbeddedBlock(StatementSyntax existing, StatementSyntax added, Layout layout, bool braceAtHeader)
        {
            var first = existing.GetFirstToken();
            if (!Layout.StartsLine(first))
            {
                return SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                    SyntaxFactory.List(new[]
                    {
                        existing.WithTrailingTrivia(SyntaxFactory.Space),
                        added.WithLeadingTrivia(SyntaxFactory.TriviaList()).WithTrailingTrivia(SyntaxFactory.Space),
                    }),
                    SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseBraceToken, existing.GetTrailingTrivia()));
            }

            var outer = Layout.Indentation(Layout.IndentationOf(first.GetPreviousToken()));
            var trailing = existing.GetTrailingTrivia();
            return SyntaxFactory.Block(
                SyntaxFactory.Token(braceAtHeader ? SyntaxFactory.TriviaList() : outer, SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(layout.EndOfLine))
                    .WithAdditionalAnnotations(OpenBrace),
                SyntaxFactory.List(new[]
                {
                    trailing.Any(SyntaxKind.EndOfLineTrivia) ? existing : existing.WithTrailingTrivia(trailing.Add(layout.EndOfLine)),
                    added.WithLeadingTrivia(Layout.Indentation(Layout.IndentationOf(first))).WithTrailingTrivia(layout.EndOfLine),
                }),
                SyntaxFactory.Token(outer, SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList(layout.EndOfLine)));
        }

        /// <summary>Trivia that hold nothing but spaces and the line break.</summary>
        private static bool OnlyLineBreak(SyntaxTriviaList trivia)
        {
            foreach (var item in trivia)
            {
                if (!item.IsKind(SyntaxKind.WhitespaceTrivia) && !item.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return false;
                }
            }

            return trivia.Any(SyntaxKind.EndOfLineTrivia);
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

        /// <summary>
        /// <c>static void Main() =&gt; Run();</c> becomes a block that runs the statement first: on
        /// lines of their own, with the file's brace placement, when the method starts its line; else on its line.
        /// </summary>
        private static MethodDeclarationSyntax ToBlockBody(
            MethodDeclarationSyntax method, ArrowExpressionClauseSyntax arrow, StatementSyntax first, Layout layout, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbol = model.GetDeclaredSymbol(method, cancellationToken);
            var returnsValue = symbol is { ReturnsVoid: false }
                && !(symbol.IsAsync && symbol.ReturnType is INamedTypeSymbol { Arity: 0 }); // async Task Main: no value to return
            var expression = arrow.Expression.WithoutTrivia();
            var space = SyntaxFactory.TriviaList(SyntaxFactory.Space);
            var semicolon = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
            StatementSyntax rest = expression switch
            {
                // "=> throw ..." is not an expression statement
                ThrowExpressionSyntax thrown => SyntaxFactory.ThrowStatement(
                    default, SyntaxFactory.Token(default, SyntaxKind.ThrowKeyword, space), thrown.Expression.WithoutLeadingTrivia(), semicolon),
                _ when returnsValue => SyntaxFactory.ReturnStatement(
                    default, SyntaxFactory.Token(default, SyntaxKind.ReturnKeyword, space), expression, semicolon),
                _ => SyntaxFactory.ExpressionStatement(expression, semicolon),
            };

            var beforeArrow = arrow.ArrowToken.GetPreviousToken();
            var ownLines = Layout.StartsLine(method.GetFirstToken());
            var braceOnOwnLine = ownLines && layout.BraceOnOwnLine("methods");
            var outer = Layout.IndentationOf(method.GetFirstToken());
            var inner = ownLines ? Layout.Indentation(outer + layout.Unit) : SyntaxFactory.TriviaList();
            var lineEnd = ownLines ? SyntaxFactory.TriviaList(layout.EndOfLine) : space;
            var body = SyntaxFactory.Block(
                SyntaxFactory.Token(braceOnOwnLine ? Layout.Indentation(outer) : SyntaxFactory.TriviaList(), SyntaxKind.OpenBraceToken, lineEnd),
                SyntaxFactory.List(new[]
                {
                    first.WithLeadingTrivia(inner).WithTrailingTrivia(lineEnd),
                    Layout.Plain(rest).WithLeadingTrivia(inner).WithTrailingTrivia(lineEnd),
                }),
                SyntaxFactory.Token(ownLines ? Layout.Indentation(outer) : SyntaxFactory.TriviaList(), SyntaxKind.CloseBraceToken, method.SemicolonToken.TrailingTrivia));
            return method
                .ReplaceToken(beforeArrow, beforeArrow.WithTrailingTrivia(braceOnOwnLine ? SyntaxFactory.TriviaList(layout.EndOfLine) : space))
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(body);
        }
    }
}
