using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// The one execution-order model for "what runs first: the seed or a draw?". Bodies are
    /// summarised once per entry state and cached for the compilation; calls into the project's
    /// own code are followed up to <see cref="MaxCallDepth"/> calls deep (a recursive call, or
    /// one deeper than that, is taken to do nothing).
    /// </summary>
    internal sealed class ExecutionOrder
    {
        /// <summary>
        /// How many nested calls are followed. Each level takes stack; a chain of a few thousand
        /// methods, each calling the next (generated code), overflowed it and crashed the
        /// compiler. Call chains of real programs are far shorter.
        /// </summary>
        internal const int MaxCallDepth = 200;

        private static readonly ConditionalWeakTable<Compilation, ExecutionOrder> Cache = new ConditionalWeakTable<Compilation, ExecutionOrder>();

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
        private readonly ConcurrentDictionary<ISymbol, FlowBody?> _bodies = new ConcurrentDictionary<ISymbol, FlowBody?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(ISymbol Key, Entry Entry), MethodFlow> _flows = new ConcurrentDictionary<(ISymbol, Entry), MethodFlow>(new KeyComparer());
        private readonly Lazy<IReadOnlyDictionary<ISymbol, UnseededDraw>> _fromEntryPoint;
        private readonly QuietBodies _quiet;

        private ExecutionOrder(Compilation compilation)
        {
            _compilation = compilation;
            Knowledge = RandomnessKnowledge.For(compilation);
            _quiet = new QuietBodies(this);
            _fromEntryPoint = new Lazy<IReadOnlyDictionary<ISymbol, UnseededDraw>>(TraceFromEntryPoint, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public RandomnessKnowledge Knowledge { get; }

        public static ExecutionOrder For(Compilation compilation) => Cache.GetValue(compilation, c => new ExecutionOrder(c));

        /// <summary>
        /// For a program: every member whose code may draw while unseeded when run from the entry
        /// point, with its first such draw. Empty for libraries.
        /// </summary>
        public IReadOnlyDictionary<ISymbol, UnseededDraw> UnseededDrawsFromEntryPoint => _fromEntryPoint.Value;

        /// <summary>The body of one of the project's methods, accessors or constructors; null for metadata, abstract or extern members.</summary>
        public FlowBody? BodyOf(IMethodSymbol method)
        {
            method = method.PartialImplementationPart ?? method.OriginalDefinition;
            if (method.Locations.Length == 0 || !method.Locations[0].IsInSource)
            {
                return null;
            }

            return _bodies.GetOrAdd(method, m => CreateBody((IMethodSymbol)m));
        }

        /// <summary>A body entered in <paramref name="entry"/>; cached for the compilation when the result cannot depend on the caller.</summary>
        public MethodFlow Analyze(FlowBody body, Entry entry) => Analyze(body, entry, new AnalysisStack());

        internal MethodFlow Analyze(FlowBody body, Entry entry, AnalysisStack stack)
        {
            var key = (body.Key, entry);
            if (_flows.TryGetValue(key, out var cached))
            {
                return cached;
            }

            if (_quiet.IsQuiet(body))
            {
                return _flows.GetOrAdd(key, new MethodFlow(entry)); // what a walk would find, without building the graph
            }

            var depth = stack.Depth;
            var onStack = stack.IndexOf(body.Key, entry);
            if (onStack >= 0 || depth >= MaxCallDepth)
            {
                // Recursion (or a very deep chain): the inner call is taken to change nothing.
                stack.LowestCut = System.Math.Min(stack.LowestCut, onStack >= 0 ? onStack : depth);
                return new MethodFlow(entry);
            }

            var outerCut = stack.LowestCut;
            stack.LowestCut = int.MaxValue;
            stack.Push(body.Key, entry);
            MethodFlow flow;
            try
            {
                flow = new BodyWalker(this, body, stack).Run(entry);
            }
            finally
            {
                stack.Pop();
            }

            var cut = stack.LowestCut;
            stack.LowestCut = System.Math.Min(outerCut, cut);

            // Cuts at this frame or above were resolved inside it: the result is the same for every caller.
            return cut >= depth ? _flows.GetOrAdd(key, flow) : flow;
        }

        internal SemanticModel ModelFor(SyntaxTree tree)
#pragma warning disable RS1030 // Following calls into other files needs their models; each is created once per compilation and cached.
            => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

        private FlowBody? CreateBody(IMethodSymbol method)
        {
            if (method.IsAbstract || method.IsExtern)
            {
                return null;
            }

            var member = method;
            if (method.MethodKind == MethodKind.Constructor)
            {
                return CreateConstructorBody(method);
            }

            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            if (IsIterator(syntax))
            {
                return null; // an iterator's body runs as it is enumerated, not when it is called
            }

            return FlowBody.Declared(method, member, syntax, () => CreateGraph(syntax));
        }

        private static bool IsIterator(SyntaxNode declaration)
        {
            foreach (var node in declaration.DescendantNodes(n => n == declaration || n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)))
            {
                if (node is YieldStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Instance initialisers run first (unless the constructor chains to another with this(...)), then the body, which starts with the base call.</summary>
        private FlowBody? CreateConstructorBody(IMethodSymbol constructor)
        {
            SyntaxNode? syntax = null;
            if (constructor.DeclaringSyntaxReferences.Length > 0)
            {
                syntax = constructor.DeclaringSyntaxReferences[0].GetSyntax();
            }

            var prologue = new List<FlowBody>();
            var declaration = syntax as ConstructorDeclarationSyntax;
            if (declaration?.Initializer is not { ThisOrBaseKeyword.ValueText: "this" })
            {
                AddInstanceInitializers(constructor.ContainingType, prologue);
            }

            if (declaration is null)
            {
                // Implicit (or primary) constructor: after the initialisers comes the base constructor.
                if (constructor.ContainingType.BaseType is { } baseType)
                {
                    foreach (var baseConstructor in baseType.InstanceConstructors)
                    {
                        if (baseConstructor.Parameters.Length == 0 && BodyOf(baseConstructor) is { } baseBody)
                        {
                            prologue.Add(baseBody);
                        }
                    }
                }

                return FlowBody.Declared(constructor, constructor, null, () => null, prologue);
            }

            return FlowBody.Declared(constructor, constructor, declaration, () => CreateGraph(declaration), prologue);
        }

        private void AddInstanceInitializers(INamedTypeSymbol type, List<FlowBody> prologue)
        {
            foreach (var member in type.GetMembers())
            {
                if (!member.IsStatic && InitializerOf(member) is { } initializer)
                {
                    prologue.Add(initializer);
                }
            }
        }

        /// <summary>The initialiser of a field or property, as a body of its own (static ones: SEED002's "before Main can seed" case).</summary>
        public FlowBody? InitializerOf(ISymbol member)
        {
            if (member.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            var syntax = member.DeclaringSyntaxReferences[0].GetSyntax();
            SyntaxNode? initializer = member switch
            {
                IFieldSymbol { IsConst: false } when syntax is VariableDeclaratorSyntax declarator => declarator.Initializer,
                IPropertySymbol when syntax is PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };

            return initializer is null ? null : _bodies.GetOrAdd(member, _ => FlowBody.Declared(member, member, initializer, () => CreateGraph(initializer)));
        }

        private ControlFlowGraph? CreateGraph(SyntaxNode syntax)
        {
            try
            {
                return ControlFlowGraph.Create(syntax, ModelFor(syntax.SyntaxTree));
            }
            catch (ArgumentException)
            {
                // Code the compiler cannot lower (for instance, while it is being typed): nothing to follow.
                return null;
            }
        }

        private IReadOnlyDictionary<ISymbol, UnseededDraw> TraceFromEntryPoint()
        {
            var found = new Dictionary<ISymbol, UnseededDraw>(SymbolEqualityComparer.Default);
            var entryPoint = _compilation.GetEntryPoint(CancellationToken.None);
            if (entryPoint is null || BodyOf(entryPoint) is not { } root)
            {
                return found;
            }

            var visited = new HashSet<(ISymbol, Entry)>(new KeyComparer());
            var queue = new Queue<(FlowBody Body, Entry Entry)>();
            queue.Enqueue((root, Entry.Unseeded));
            while (queue.Count > 0)
            {
                var (body, entry) = queue.Dequeue();
                if (entry == Entry.Seeded || !visited.Add((body.Key, entry)))
                {
                    continue;
                }

                var flow = Analyze(body, entry);
                foreach (var draw in flow.UnseededDraws)
                {
                    if (!found.TryGetValue(draw.Member, out var known) || DrawSite.Earliest(known.Site, draw.Site) == draw.Site && known.Site != draw.Site)
                    {
                        found[draw.Member] = draw;
                    }
                }

                foreach (var callee in flow.Callees)
                {
                    queue.Enqueue(callee);
                }
            }

            return found;
        }

        private sealed class KeyComparer : IEqualityComparer<(ISymbol Key, Entry Entry)>
        {
            public bool Equals((ISymbol Key, Entry Entry) x, (ISymbol Key, Entry Entry) y)
                => x.Entry == y.Entry && SymbolEqualityComparer.Default.Equals(x.Key, y.Key);

            public int GetHashCode((ISymbol Key, Entry Entry) obj)
                => (SymbolEqualityComparer.Default.GetHashCode(obj.Key) * 3) + (int)obj.Entry;
        }
    }
}
