using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// The key the engine names a member by: its documentation id
    /// (<c>M:Ns.Type.Method(System.Int32)</c>), the same in every compilation of the same
    /// declarations, so a summary can name its callees without holding a symbol. Built once per
    /// member and compilation (most members are called from many places), for most members by
    /// <see cref="MemberKeys"/> from type names it keeps.
    /// </summary>
    internal sealed class SymbolKeys
    {
        private readonly ConcurrentDictionary<ISymbol, string?> _keys = new ConcurrentDictionary<ISymbol, string?>(Definitions.Comparer);
        private readonly ConcurrentDictionary<string, ImmutableArray<string>> _alone = new ConcurrentDictionary<string, ImmutableArray<string>>();
        private readonly ConcurrentDictionary<IMethodSymbol, CallTargetsOf> _calls = new ConcurrentDictionary<IMethodSymbol, CallTargetsOf>(Definitions.Comparer);
        private readonly Func<IMethodSymbol, CallTargetsOf> _findCallTargets;
        private readonly Func<ISymbol, string?> _createKey;
        private readonly MemberKeys _memberKeys = new MemberKeys();

        /// <summary>The keys of one compilation, whose inventory rows <see cref="Call"/> gives as well.</summary>
        public SymbolKeys(RandomnessKnowledge knowledge)
        {
            Knowledge = knowledge;
            _findCallTargets = FindCallTargets;
            _createKey = CreateKey;
        }

        /// <summary>The inventory resolved for the compilation these keys are of.</summary>
        public RandomnessKnowledge Knowledge { get; }

        /// <summary>The member's key, or null when it has none (broken code).</summary>
        public string? Of(ISymbol symbol)
        {
            if (symbol is IMethodSymbol method)
            {
                symbol = (method.PartialImplementationPart ?? method.ReducedFrom ?? method).OriginalDefinition;
            }
            else
            {
                symbol = symbol.OriginalDefinition;
            }

            return _keys.TryGetValue(symbol, out var key) ? key : _keys.GetOrAdd(symbol, _createKey);
        }

        /// <summary>
        /// The documentation id: built from kept type names for the common shapes, else by Roslyn.
        /// A member of a file-local type (<c>file class Helper</c>) gets its type's metadata name
        /// after it: the id alone is the same for same-named file-local types of different files,
        /// which are different members.
        /// </summary>
        private string? CreateKey(ISymbol symbol)
        {
            var key = _memberKeys.TryCreate(symbol) ?? DocumentationCommentId.CreateDeclarationId(symbol);
            return key is not null && FileLocalType(symbol) is { } type ? key + "@" + type.MetadataName : key;
        }

        private static INamedTypeSymbol? FileLocalType(ISymbol symbol)
        {
            for (var type = symbol as INamedTypeSymbol ?? symbol.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>
        /// Everything a summary needs to know about calling <paramref name="method"/>, found once
        /// per method definition (a reduced extension method: the method it was reduced from) and
        /// then read with one lookup per call: its inventory row and the project's code it runs.
        /// </summary>
        public CallTargetsOf Call(IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            return _calls.TryGetValue(method, out var known) ? known : _calls.GetOrAdd(method, _findCallTargets);
        }

        private CallTargetsOf FindCallTargets(IMethodSymbol method)
        {
            var entry = Knowledge.Find(method);
            method = method.PartialImplementationPart ?? method;

            var runsCode = Summarizer.IsInSource(method) && !method.IsExtern;
            var hasCode = runsCode && HasCode(method);

            // A member with no code of its own that no override can replace (an auto-property's
            // accessor, most of them) runs nothing when called: no key is made for it.
            if (!runsCode || (!hasCode && !MayBeReplaced(method)) || Of(method) is not { } key)
            {
                return entry is null ? CallTargetsOf.None : new CallTargetsOf(ImmutableArray<string>.Empty, hasCode: false, entry);
            }

            return new CallTargetsOf(Alone(key), hasCode, entry);
        }

        /// <summary>
        /// A call of the member may run an override or implementation instead: it is virtual,
        /// abstract, an override or an interface's. (A virtual property's private accessor is not:
        /// nothing can replace it. A call through <c>base</c> or of a static member runs the member
        /// itself whatever this says; the call site decides that.)
        /// </summary>
        internal static bool MayBeReplaced(ISymbol member)
            => member.IsVirtual || member.IsAbstract || member.IsOverride || member.ContainingType?.TypeKind == TypeKind.Interface;

        /// <summary>A call's targets when it has one: the same array for every call of that member.</summary>
        public ImmutableArray<string> Alone(string key)
            => _alone.TryGetValue(key, out var targets) ? targets : _alone.GetOrAdd(key, ImmutableArray.Create);

        /// <summary>
        /// False for a source method with no code of its own that a call could run: an
        /// auto-property's accessor, a positional record property's, a member the compiler
        /// generates (a record's <c>ToString</c>, say), a partial, abstract or extern declaration.
        /// Nothing is summarised for such a member, so a call naming it (not a virtual one, whose
        /// overrides may have code) needs no place in a summary. Asked once per member, when its
        /// <see cref="CallTargetsOf"/> is made (<paramref name="method"/> is a definition, its
        /// implementation part when partial).
        /// </summary>
        private static bool HasCode(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case AccessorDeclarationSyntax { Body: null, ExpressionBody: null, Parent.Parent: BasePropertyDeclarationSyntax property }
                        when !property.Modifiers.Any(SyntaxKind.PartialKeyword): // a partial property's code is in its other part
                    case BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null }:
                    case ParameterSyntax:
                        continue;
                    default:
                        return true;
                }
            }

            return false;
        }
    }

    /// <summary>What calling one method means for a summary: its inventory row, the project's code it may run, and whether it has code of its own.</summary>
    internal sealed class CallTargetsOf
    {
        public static readonly CallTargetsOf None = new CallTargetsOf(ImmutableArray<string>.Empty, hasCode: false, entry: null);

        public CallTargetsOf(ImmutableArray<string> keys, bool hasCode, InventoryEntry? entry)
        {
            Keys = keys;
            HasCode = hasCode;
            Entry = entry;
        }

        public ImmutableArray<string> Keys { get; }

        public bool HasCode { get; }

        /// <summary>The method's inventory row (what it does to which generator), when it has one.</summary>
        public InventoryEntry? Entry { get; }

        /// <summary>
        /// What a call runs of the project's code: the member's key alone (the same array for
        /// every call of it), or nothing when it is not the project's, is extern, or has no code
        /// of its own and the call is not <paramref name="dispatch"/>ed to overrides.
        /// </summary>
        public ImmutableArray<string> Targets(bool dispatch) => dispatch || HasCode ? Keys : ImmutableArray<string>.Empty;
    }
}
