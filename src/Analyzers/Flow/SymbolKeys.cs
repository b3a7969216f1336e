using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

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
        private readonly ConcurrentDictionary<ISymbol, string?> _keys = new ConcurrentDictionary<ISymbol, string?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, ImmutableArray<string>> _alone = new ConcurrentDictionary<string, ImmutableArray<string>>();

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

        /// <summary>A call's targets when it has one: the same array for every call of that member.</summary>
        public ImmutableArray<string> Alone(string key)
            => _alone.TryGetValue(key, out var targets) ? targets : _alone.GetOrAdd(key, ImmutableArray.Create);
    }
}
