using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Whether every tree of a compilation that has code has been read for a whole-program
    /// question (the flow engine's summaries, SEED005's facts). Trees are looked at in the
    /// compilation's order, from the first one not yet known to be read, and a tree is only
    /// searched for code (<see cref="DeclarationShape"/>) when it is that first one and still
    /// unread: the driver hands trees over roughly in that order, so a cold build searches few
    /// trees, where asking every tree up front cost a walk of each.
    /// </summary>
    internal sealed class PendingTrees
    {
        private readonly object _gate = new object();
        private readonly Compilation _compilation;
        private Queue<SyntaxTree>? _pending;
        private bool _complete;

        public PendingTrees(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>True when every tree with code is <paramref name="isRead"/>; once true, it stays so.</summary>
        public bool AllRead(Func<SyntaxTree, bool> isRead)
        {
            if (Volatile.Read(ref _complete))
            {
                return true;
            }

            lock (_gate)
            {
                _pending ??= new Queue<SyntaxTree>(_compilation.SyntaxTrees);
                while (_pending.Count > 0)
                {
                    var tree = _pending.Peek();
                    if (!isRead(tree) && DeclarationShape.For(tree).HasCode)
                    {
                        return false;
                    }

                    _pending.Dequeue();
                }

                Volatile.Write(ref _complete, true);
                return true;
            }
        }
    }
}
