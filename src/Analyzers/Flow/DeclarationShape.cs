using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
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

        /// <summary>The fingerprint of one compilation's declarations, references and options (see <see cref="ProgramStamp"/>).</summary>
        public static ulong Of(SyntaxTree[] trees, MetadataReference[] references, CompilationOptions options, string? assemblyName)
        {
            var hash = OffsetBasis;
            foreach (var tree in trees)
            {
                hash = Mix(hash, For(tree).Hash);
            }

            foreach (var reference in references)
            {
                // Metadata references are immutable snapshots: a changed assembly is a new object.
                hash = Mix(hash, (ulong)(uint)RuntimeHelpers.GetHashCode(reference));
                hash = Mix(hash, Text(reference.Display));
            }

            hash = Mix(hash, (ulong)(uint)RuntimeHelpers.GetHashCode(options));
            hash = Mix(hash, Text(assemblyName));
            return hash;
        }

        /// <summary>The declarations of one tree, and whether it has code for the engine to summarise; cached per tree.</summary>
        public static TreeShape For(SyntaxTree tree) => Trees.TryGetValue(tree, out var shape) ? shape : Trees.GetValue(tree, t => new TreeShape(t, FindCode(t)));

        /// <summary>
        /// True when the tree has a body, an initialiser's value or top-level statements; stops at
        /// the first. Code hangs only off declarations (<see cref="Summarizer.Declarations"/>):
        /// as one of their children, or as the value of their initialiser.
        /// </summary>
        private static bool FindCode(SyntaxTree tree)
        {
            foreach (var declaration in Summarizer.Declarations(tree.GetRoot()))
            {
                if (IsCode(declaration))
                {
                    return true;
                }

                foreach (var child in declaration.ChildNodes())
                {
                    if (IsCode(child) || (child is EqualsValueClauseSyntax clause && IsCode(clause.Value)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Every token outside code (see <see cref="IsCode"/>), kind and text: what other trees' binding may depend on.</summary>
        internal static ulong Hash(SyntaxTree tree, bool hasCode)
        {
            var hash = OffsetBasis;

            // Code itself is not hashed, but where there is code is: an accessor that gets an
            // arrow body (`get;` to `get => ...;`) keeps every token outside code, yet calls of it
            // in other trees now run code (see SymbolKeys.HasCode).
            foreach (var token in tree.GetRoot().DescendantTokens(node =>
            {
                if (IsCode(node))
                {
                    hash = Mix(hash, (ulong)node.RawKind);
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

            return Mix(hash, hasCode ? 1UL : 0UL);
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
        private readonly SyntaxTree _tree;
        private ulong _hash;
        private bool _hasHash;

        public TreeShape(SyntaxTree tree, bool hasCode)
        {
            _tree = tree;
            HasCode = hasCode;
        }

        /// <summary>The tree's declarations, hashed when first asked (a build never asks, see <see cref="ProgramStamp"/>).</summary>
        public ulong Hash
        {
            get
            {
                if (!Volatile.Read(ref _hasHash))
                {
                    _hash = DeclarationShape.Hash(_tree, HasCode);
                    Volatile.Write(ref _hasHash, true);
                }

                return _hash;
            }
        }

        /// <summary>False for files of declarations only (assembly attributes, global usings): they need no summary.</summary>
        public bool HasCode { get; }
    }

    /// <summary>
    /// One compilation's <see cref="DeclarationShape"/>, computed when first compared with another
    /// compilation's: only an editor's next compilation does that, so a build, which is never
    /// compared, does not pay for hashing every declaration. Until then it holds what the shape is
    /// made of (the trees, the references, the options), never the compilation; one per compilation,
    /// shared by everything kept per tree (the flow engine's summaries, SEED005's facts).
    /// </summary>
    internal sealed class ProgramStamp
    {
        private static readonly ConditionalWeakTable<Compilation, ProgramStamp> Stamps = new ConditionalWeakTable<Compilation, ProgramStamp>();

        private readonly object _gate = new object();
        private SyntaxTree[]? _trees;
        private MetadataReference[]? _references;
        private CompilationOptions? _options;
        private string? _assemblyName;
        private ulong _shape;
        private bool _known;

        private ProgramStamp(Compilation compilation)
        {
            _trees = compilation.SyntaxTrees.ToArray();
            _references = compilation.References.ToArray();
            _options = compilation.Options;
            _assemblyName = compilation.AssemblyName;
        }

        public static ProgramStamp Of(Compilation compilation) => Stamps.GetValue(compilation, c => new ProgramStamp(c));

        public ulong Shape
        {
            get
            {
                if (!Volatile.Read(ref _known))
                {
                    lock (_gate)
                    {
                        if (!_known)
                        {
                            _shape = DeclarationShape.Of(_trees!, _references!, _options!, _assemblyName);
                            _trees = null;
                            _references = null;
                            _options = null;
                            Volatile.Write(ref _known, true);
                        }
                    }
                }

                return _shape;
            }
        }

        /// <summary>True when both compilations have the same declarations, references and options: what one's trees bind to, the other's do too.</summary>
        public bool SameShape(ProgramStamp other) => ReferenceEquals(this, other) || Shape == other.Shape;
    }
}
