using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// A fingerprint of everything in a compilation that can change what the code of an
    /// unchanged syntax tree binds to. In C#, what a body's calls, constructors, operators and
    /// conversions bind to depends only on that body and on the program's declarations: types,
    /// members and their signatures, base types, attributes, constants, default values, using
    /// directives, which members have initialisers, plus the references and options of the
    /// compilation. Editing inside a method body, an accessor, a constructor, the top-level
    /// statements, or the value of an existing initialiser of a non-constant field or property
    /// changes none of these, so a tree's summaries built before
    /// such an edit elsewhere still hold. Any other edit changes the fingerprint, and every
    /// cached summary is rebuilt: answers may be missing for a moment, never stale.
    /// </summary>
    internal static class DeclarationShape
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        private static readonly ConditionalWeakTable<SyntaxTree, TreeShape> Trees = new ConditionalWeakTable<SyntaxTree, TreeShape>();

        /// <summary>The fingerprint of one compilation's declarations, references and options.</summary>
        public static ulong Of(Compilation compilation)
        {
            var hash = OffsetBasis;
            foreach (var tree in compilation.SyntaxTrees)
            {
                hash = Mix(hash, For(tree).Hash);
            }

            foreach (var reference in compilation.References)
            {
                // Metadata references are immutable snapshots: a changed assembly is a new object.
                hash = Mix(hash, (ulong)(uint)RuntimeHelpers.GetHashCode(reference));
                hash = Mix(hash, Text(reference.Display));
            }

            hash = Mix(hash, (ulong)(uint)RuntimeHelpers.GetHashCode(compilation.Options));
            hash = Mix(hash, Text(compilation.AssemblyName));
            return hash;
        }

        /// <summary>The declarations of one tree, and whether it has code for the engine to summarise; cached per tree.</summary>
        public static TreeShape For(SyntaxTree tree) => Trees.TryGetValue(tree, out var shape) ? shape : Trees.GetValue(tree, Compute);

        private static TreeShape Compute(SyntaxTree tree)
        {
            var hash = OffsetBasis;
            var hasCode = false;
            foreach (var token in tree.GetRoot().DescendantTokens(node =>
            {
                if (IsCode(node))
                {
                    hasCode = true;
                    return false;
                }

                return true;
            }))
            {
                hash = Mix(hash, (ulong)token.RawKind);
                if (token.IsKind(SyntaxKind.IdentifierToken) || token.Value is not null)
                {
                    hash = Mix(hash, Text(token.Text));
                }
            }

            return new TreeShape(Mix(hash, hasCode ? 1UL : 0UL), hasCode);
        }

        /// <summary>Code whose content no other tree's binding depends on.</summary>
        private static bool IsCode(SyntaxNode node)
            => node switch
            {
                BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                    or PropertyDeclarationSyntax or IndexerDeclarationSyntax,
                GlobalStatementSyntax => true,
                // The value of a non-constant initialiser; not its '=': whether a member has an
                // initialiser decides what other trees' `new T()` runs.
                ExpressionSyntax when node.Parent is EqualsValueClauseSyntax clause => clause.Parent is PropertyDeclarationSyntax
                    || (clause.Parent is VariableDeclaratorSyntax && clause.Parent.Parent?.Parent is FieldDeclarationSyntax field && !field.Modifiers.Any(SyntaxKind.ConstKeyword)),
                _ => false,
            };

        private static ulong Mix(ulong hash, ulong value)
        {
            for (var i = 0; i < 8; i++)
            {
                hash ^= value & 0xFF;
                hash *= Prime;
                value >>= 8;
            }

            return hash;
        }

        private static ulong Text(string? text)
        {
            var hash = OffsetBasis;
            if (text is not null)
            {
                foreach (var c in text)
                {
                    hash ^= c;
                    hash *= Prime;
                }
            }

            return hash;
        }
    }

    internal sealed class TreeShape
    {
        public TreeShape(ulong hash, bool hasCode)
        {
            Hash = hash;
            HasCode = hasCode;
        }

        public ulong Hash { get; }

        /// <summary>False for files of declarations only (assembly attributes, global usings): they need no summary.</summary>
        public bool HasCode { get; }
    }
}
