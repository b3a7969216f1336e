using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// Gives a library call or object creation a fixed seed through its seed parameter:
    /// <c>seed: null</c> (or a positional null) becomes <c>seed: 42</c>; a missing seed is
    /// added as a named argument after the others. The seed expression comes from
    /// <see cref="SeedExpressions"/>; other arguments, comments and line breaks are kept.
    /// </summary>
    internal static class SeedArgumentFix
    {

        /// <summary>The call or creation a diagnostic was reported on, if it is still there.</summary>
        public static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            var node = root.FindNode(span, getInnermostNodeForTie: true);
            foreach (var candidate in node.AncestorsAndSelf())
            {
                if (candidate is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax)
                {
                    return (ExpressionSyntax)candidate;
                }
            }

            return null;
        }

        public static async Task<Document> ApplyAsync(Document document, ExpressionSyntax target, int defaultSeed, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var model = editor.SemanticModel;
            var (method, arguments) = model.GetOperation(target, cancellationToken) switch
            {
                IObjectCreationOperation creation => (creation.Constructor, creation.Arguments),
                IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
                _ => (null, ImmutableArray<IArgumentOperation>.Empty),
            };
            if (RandomnessKnowledge.For(model.Compilation).SeedParameter(method) is not { } parameter)
            {
                return document;
            }

            var seed = SeedExpressions.For(model, target, defaultSeed, SeedExpressions.IsInStaticInitializer(target));
            var existing = FindArgument(arguments, parameter);
            if (existing is not null)
            {
                editor.ReplaceNode(existing, (current, _) => Layout.Plain(WithSeed((ArgumentSyntax)current, parameter.Name, seed)));
            }
            else
            {
                editor.ReplaceNode(target, (current, _) => Layout.Plain(AddSeed((ExpressionSyntax)current, parameter.Name, seed)));
            }

            return editor.GetChangedDocument();
        }

        /// <summary>The argument written for <paramref name="parameter"/> in source, or null when it is left out.</summary>
        private static ArgumentSyntax? FindArgument(ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter)
                    && argument.Syntax is ArgumentSyntax syntax)
                {
                    return syntax;
                }
            }

            return null;
        }

        /// <summary><c>seed: null</c> or a positional <c>null</c> becomes <c>seed: 42</c>, comments around the value kept.</summary>
        private static ArgumentSyntax WithSeed(ArgumentSyntax argument, string parameterName, ExpressionSyntax seed)
        {
            var value = seed.WithTriviaFrom(argument.Expression);
            if (argument.NameColon is not null)
            {
                return argument.WithExpression(value);
            }

            // A positional null: name it, so the literal seed says what it is. Comments before
            // the value move before the name.
            return argument
                .WithNameColon(SyntaxFactory.NameColon(parameterName).WithLeadingTrivia(argument.GetLeadingTrivia()))
                .WithExpression(value.WithLeadingTrivia(SyntaxFactory.Space));
        }

        /// <summary>Appends <c>seed: 42</c> to the argument list (creating the list for <c>new MLContext { ... }</c>).</summary>
        private static ExpressionSyntax AddSeed(ExpressionSyntax target, string parameterName, ExpressionSyntax seed)
        {
            var argument = SyntaxFactory.Argument(SyntaxFactory.NameColon(parameterName), default, seed.WithLeadingTrivia(SyntaxFactory.Space));
            switch (target)
            {
                case InvocationExpressionSyntax invocation:
                    return invocation.WithArgumentList(Append(invocation.ArgumentList, argument));
                case BaseObjectCreationExpressionSyntax { ArgumentList: { } list } creation:
                    return creation.WithArgumentList(Append(list, argument));
                case ObjectCreationExpressionSyntax { Type: { } type } creation:
                    // "new MLContext { ... }": the list goes right after the type, the type's trivia outside it.
                    return creation
                        .WithType(type.WithoutTrailingTrivia())
                        .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument))
                            .WithTrailingTrivia(type.GetTrailingTrivia()));
                default:
                    return target;
            }
        }

        /// <summary>
        /// Adds the argument last, laid out like the list: after a line break when the arguments
        /// stand on their own lines, else after ", ". A line break that ended the old last
        /// argument moves to the end of the new one.
        /// </summary>
        private static ArgumentListSyntax Append(ArgumentListSyntax list, ArgumentSyntax argument)
        {
            var arguments = list.Arguments;
            if (arguments.Count == 0)
            {
                return list.WithArguments(SyntaxFactory.SingletonSeparatedList(argument));
            }

            var last = arguments[arguments.Count - 1];
            var separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
            if (arguments.SeparatorCount > 0
                && arguments.GetSeparator(arguments.SeparatorCount - 1) is var previous
                && previous.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
            {
                separator = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, WhitespaceOnly(previous.TrailingTrivia));
                argument = argument.WithLeadingTrivia(WhitespaceOnly(last.GetLeadingTrivia()));
            }

            var trailing = last.GetTrailingTrivia();
            if (trailing.Any(SyntaxKind.EndOfLineTrivia))
            {
                argument = argument.WithTrailingTrivia(trailing);
                last = last.WithTrailingTrivia(SyntaxFactory.TriviaList());
            }

            var items = arguments.GetWithSeparators().RemoveAt(arguments.GetWithSeparators().Count - 1)
                .Add(last)
                .Add(separator)
                .Add(argument);
            return list.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(items));
        }

        private static SyntaxTriviaList WhitespaceOnly(SyntaxTriviaList trivia)
        {
            var kept = SyntaxFactory.TriviaList();
            foreach (var item in trivia)
            {
                if (item.IsKind(SyntaxKind.WhitespaceTrivia) || item.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    kept = kept.Add(item);
                }
            }

            return kept;
        }
    }
}
