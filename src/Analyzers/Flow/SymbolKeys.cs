using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// The key the engine names a member by: its documentation id
    /// (<c>M:Ns.Type.Method(System.Int32)</c>), the same in every compilation of the same
    /// declarations, so a summary can name its callees without holding a symbol. Built once per
    /// member and compilation (most members are called from many places).
    /// </summary>
    internal sealed class SymbolKeys
    {
        private readonly ConcurrentDictionary<ISymbol, string?> _keys = new ConcurrentDictionary<ISymbol, string?>(Definitions.Comparer);
        private readonly ConcurrentDictionary<string, ImmutableArray<string>> _alone = new ConcurrentDictionary<string, ImmutableArray<string>>();
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _hasCode = new ConcurrentDictionary<IMethodSymbol, bool>(Definitions.Comparer);
        private readonly ConcurrentDictionary<IMethodSymbol, CallTargetsOf> _calls = new ConcurrentDictionary<IMethodSymbol, CallTargetsOf>(Definitions.Comparer);
        private readonly Func<IMethodSymbol, CallTargetsOf> _findCallTargets;

        public SymbolKeys()
        {
            _findCallTargets = FindCallTargets;
        }

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

            return _keys.TryGetValue(symbol, out var key) ? key : _keys.GetOrAdd(symbol, DocumentationCommentId.CreateDeclarationId);
        }

        /// <summary>
        /// What a call of <paramref name="method"/> runs of the project's code: the member's key
        /// alone (the same array for every call of it), or nothing when it is not the project's,
        /// is extern, or has no code of its own and the call is not <paramref name="dispatch"/>ed
        /// to overrides (<see cref="HasCode"/>). Found once per method definition (a reduced
        /// extension method: the method it was reduced from).
        /// </summary>
        public ImmutableArray<string> CallTargets(IMethodSymbol method, bool dispatch)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            var targets = _calls.TryGetValue(method, out var known) ? known : _calls.GetOrAdd(method, _findCallTargets);
            return dispatch || targets.HasCode ? targets.Keys : ImmutableArray<string>.Empty;
        }

        private CallTargetsOf FindCallTargets(IMethodSymbol method)
        {
            method = method.PartialImplementationPart ?? method;
            if (!Summarizer.IsInSource(method) || method.IsExtern || Of(method) is not { } key)
            {
                return CallTargetsOf.None;
            }

            return new CallTargetsOf(Alone(key), HasCode(method));
        }

        /// <summary>A call's targets when it has one: the same array for every call of that member.</summary>
        public ImmutableArray<string> Alone(string key)
            => _alone.TryGetValue(key, out var targets) ? targets : _alone.GetOrAdd(key, ImmutableArray.Create);

        /// <summary>
        /// False for a source method with no code of its own that a call could run: an
        /// auto-property's accessor, a positional record property's, a member the compiler
        /// generates (a record's <c>ToString</c>, say), a partial, abstract or extern declaration.
        /// Nothing is summarised for such a member, so a call naming it (not a virtual one, whose
        /// overrides may have code) needs no place in a summary. Found once per member.
        /// </summary>
        private bool HasCode(IMethodSymbol method)
        {
            // The definition first: a constructed generic member has no implementation part of its own.
            method = method.OriginalDefinition;
            method = method.PartialImplementationPart ?? method;
            return _hasCode.TryGetValue(method, out var known) ? known : _hasCode.GetOrAdd(method, FindCode);
        }

        private static bool FindCode(IMethodSymbol method)
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

    /// <summary>The project's code a call of one method may run, and whether the method has code of its own.</summary>
    internal sealed class CallTargetsOf
    {
        public static readonly CallTargetsOf None = new CallTargetsOf(ImmutableArray<string>.Empty, hasCode: false);

        public CallTargetsOf(ImmutableArray<string> keys, bool hasCode)
        {
            Keys = keys;
            HasCode = hasCode;
        }

        public ImmutableArray<string> Keys { get; }

        public bool HasCode { get; }
    }
}
