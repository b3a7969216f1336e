using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// The bodies being analysed, innermost last, for one query. A call back into a body on
    /// the stack (recursion) is cut: taken to change nothing. A result that relied on such a
    /// cut below its own frame depends on who asked, so it is not cached for the compilation;
    /// only results that are the same whatever the caller are. That keeps every answer
    /// independent of the order in which the IDE or the build happens to ask.
    /// </summary>
    internal sealed class AnalysisStack
    {
        private readonly List<(ISymbol Key, Entry Entry)> _frames = new List<(ISymbol, Entry)>();

        /// <summary>The lowest stack position a cut has referred to since it was last reset.</summary>
        public int LowestCut { get; set; } = int.MaxValue;

        public int Depth => _frames.Count;

        /// <summary>The position of the frame for this body and entry, or -1.</summary>
        public int IndexOf(ISymbol key, Entry entry)
        {
            for (var i = 0; i < _frames.Count; i++)
            {
                if (_frames[i].Entry == entry && SymbolEqualityComparer.Default.Equals(_frames[i].Key, key))
                {
                    return i;
                }
            }

            return -1;
        }

        public void Push(ISymbol key, Entry entry) => _frames.Add((key, entry));

        public void Pop() => _frames.RemoveAt(_frames.Count - 1);
    }
}
