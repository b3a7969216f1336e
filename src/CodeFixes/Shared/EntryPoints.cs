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
                    editor.InsertBefore(first, SyntaxFactory.GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation));
                    break;
                case MethodDeclarationSyntax { Body: { } body } when body.Statements.Count > 0:
                    editor.InsertBefore(body.Statements[0], statement);
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

        /// <summary>Inserts <paramref name="statement"/> right after <paramref name="anchor"/> (a statement in <paramref name="document"/>).</summary>
        public static async Task<Solution> InsertAfterAsync(Document document, StatementSyntax anchor, StatementSyntax statement, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (anchor.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, SyntaxFactory.GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation));
            }
            else
            {
                editor.InsertAfter(anchor, statement);
            }

            return await AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
        }

        private static async Task<Solution> AddImportsAsync(Document document, CancellationToken cancellationToken)
        {
            var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return withImports.Project.Solution;
        }

        private static GlobalStatementSyntax? FirstGlobalStatement(CompilationUnitSyntax unit)
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
            StatementSyntax rest = returnsValue
                ? SyntaxFactory.ReturnStatement(arrow.Expression.WithoutTrivia())
                : SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia());
            return method
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(SyntaxFactory.Block(first, rest).WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
