using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Code that runs as one unit: a method, accessor or constructor of the project, a lambda or
    /// local function, or a field initialiser. A constructor's prologue holds what runs before
    /// its body: the instance field initialisers and, for an implicit constructor, the base one.
    /// </summary>
    internal sealed class FlowBody
    {
        private readonly Func<ControlFlowGraph?> _createGraph;
        private ControlFlowGraph? _graph;
        private bool _graphCreated;

        /// <summary>A lambda or local function: its code lives in another body's graph.</summary>
        public FlowBody(ISymbol key, ISymbol member, Func<ControlFlowGraph?> createGraph)
            : this(key, member, null, isDeclared: false, createGraph, null)
        {
        }

        private FlowBody(ISymbol key, ISymbol member, SyntaxNode? code, bool isDeclared, Func<ControlFlowGraph?> createGraph, IReadOnlyList<FlowBody>? prologue)
        {
            Key = key;
            Member = member;
            Code = code;
            IsDeclared = isDeclared;
            _createGraph = createGraph;
            Prologue = prologue ?? Array.Empty<FlowBody>();
        }

        /// <summary>Identifies the body (a method, lambda, local function or field symbol).</summary>
        public ISymbol Key { get; }

        /// <summary>The declared member whose code holds the body (a lambda's enclosing method, say): where findings are reported.</summary>
        public ISymbol Member { get; }

        public IReadOnlyList<FlowBody> Prologue { get; }

        /// <summary>
        /// True for a declared member's code (a method, accessor, constructor or initialiser): all
        /// of it is <see cref="Code"/> and <see cref="Prologue"/>. False for lambdas and local functions.
        /// </summary>
        public bool IsDeclared { get; }

        /// <summary>The syntax the graph is built from; null when the body has none of its own (implicit constructors).</summary>
        public SyntaxNode? Code { get; }

        /// <summary>A declared member's body whose graph is built from <paramref name="code"/> (null: no code of its own).</summary>
        public static FlowBody Declared(ISymbol key, ISymbol member, SyntaxNode? code, Func<ControlFlowGraph?> createGraph, IReadOnlyList<FlowBody>? prologue = null)
            => new FlowBody(key, member, code, isDeclared: true, createGraph, prologue);

        /// <summary>The control-flow graph, built on first use; null when the body has none (implicit constructors) or cannot be built.</summary>
        public ControlFlowGraph? Graph
        {
            get
            {
                lock (_createGraph)
                {
                    if (!_graphCreated)
                    {
                        _graph = _createGraph();
                        _graphCreated = true;
                    }

                    return _graph;
                }
            }
        }
    }
}
