using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// Questions the rules ask about the seed argument of a call or object creation: is it
    /// given, and does it carry a value, or only the "no seed" null.
    /// </summary>
    internal static class SeedArguments
    {
        /// <summary>The argument bound to <paramref name="parameter"/>, or null when there is none (even an implicit default).</summary>
        public static IArgumentOperation? For(ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter)
        {
            foreach (var argument in arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// True when the seed is left out, or given as <c>null</c> / <c>default</c> (also cast,
        /// as in <c>(int?)null</c>): the library then seeds itself from an unpredictable source.
        /// A variable that may hold null is not "no seed": it may come from configuration.
        /// </summary>
        public static bool IsNoSeed(IArgumentOperation? argument)
        {
            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return true;
            }

            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value switch
            {
                ILiteralOperation literal => literal.ConstantValue is { HasValue: true, Value: null },
                IDefaultValueOperation defaultValue
                    => defaultValue.Type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T,
                _ => false,
            };
        }

        /// <summary>
        /// A call or creation whose closing parenthesis is still missing: the user is typing the
        /// arguments, so wait for them instead of flagging the half-written code.
        /// </summary>
        public static bool IsBeingTyped(SyntaxNode syntax)
            => syntax switch
            {
                BaseObjectCreationExpressionSyntax creation => creation.ArgumentList?.CloseParenToken.IsMissing == true,
                InvocationExpressionSyntax invocation => invocation.ArgumentList.CloseParenToken.IsMissing,
                _ => false,
            };

        /// <summary>
        /// Where to report on an object creation: up to the end of its argument list (or type),
        /// leaving out an object or collection initialiser, which can be long and is not the problem.
        /// </summary>
        public static Location CreationLocation(SyntaxNode syntax)
        {
            var end = syntax switch
            {
                ObjectCreationExpressionSyntax { Initializer: not null } creation
                    => creation.ArgumentList?.Span.End ?? creation.Type.Span.End,
                ImplicitObjectCreationExpressionSyntax { Initializer: not null } creation
                    => creation.ArgumentList.Span.End,
                _ => syntax.Span.End,
            };

            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
        }

        /// <summary>The text shown in a message for the code at <paramref name="location"/>, quoted and on one line.</summary>
        public static string Quote(SyntaxNode syntax, Location location)
        {
            var text = syntax.SyntaxTree.GetText().ToString(location.SourceSpan);
            return "'" + CodeText.OneLine(text) + "'";
        }
    }
}
