using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers
{
    /// <summary>
    /// Compares member definitions (<see cref="ISymbol.OriginalDefinition"/>) by reference. Within
    /// one compilation the compiler hands out one object per definition, so for tables keyed by
    /// definition this is the same as <see cref="SymbolEqualityComparer.Default"/>, without its
    /// virtual equality and hashing on every lookup. Should two objects ever stand for one
    /// definition, a table holds two entries with the same value: never a wrong answer.
    /// </summary>
    internal sealed class Definitions : IEqualityComparer<ISymbol>
    {
        public static readonly Definitions Comparer = new Definitions();

        private Definitions()
        {
        }

        public bool Equals(ISymbol? x, ISymbol? y) => ReferenceEquals(x, y);

        public int GetHashCode(ISymbol obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
