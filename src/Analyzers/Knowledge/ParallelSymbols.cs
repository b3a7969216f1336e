using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// The .NET members that run a delegate concurrently with other work, resolved once per
    /// compilation: <c>Parallel.*</c>, <c>Task.Run</c>, <c>TaskFactory.StartNew</c>,
    /// <c>new Thread(...)</c>, <c>ThreadPool.QueueUserWorkItem</c> and the PLINQ operators
    /// (<c>ParallelEnumerable</c>); and the per-thread generator holders
    /// (<c>ThreadLocal&lt;T&gt;</c>, <c>[ThreadStatic]</c>).
    /// </summary>
    internal sealed class ParallelSymbols
    {
        private readonly INamedTypeSymbol? _parallel;
        private readonly INamedTypeSymbol? _parallelEnumerable;
        private readonly INamedTypeSymbol? _thread;
        private readonly HashSet<IMethodSymbol> _methods;

        private ParallelSymbols(
            INamedTypeSymbol? parallel,
            INamedTypeSymbol? parallelEnumerable,
            INamedTypeSymbol? thread,
            HashSet<IMethodSymbol> methods,
            INamedTypeSymbol? threadLocal,
            INamedTypeSymbol? threadStatic)
        {
            _parallel = parallel;
            _parallelEnumerable = parallelEnumerable;
            _thread = thread;
            _methods = methods;
            ThreadLocal = threadLocal;
            ThreadStaticAttribute = threadStatic;
        }

        /// <summary><c>System.Threading.ThreadLocal&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol? ThreadLocal { get; }

        /// <summary><c>System.ThreadStaticAttribute</c>.</summary>
        public INamedTypeSymbol? ThreadStaticAttribute { get; }

        /// <summary>Returns null when the compilation has none of the parallel APIs.</summary>
        public static ParallelSymbols? TryCreate(Compilation compilation)
        {
            var parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
            var parallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
            var thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
            var methods = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            AddMethods(compilation, "System.Threading.Tasks.Task", "Run", methods);
            AddMethods(compilation, "System.Threading.Tasks.TaskFactory", "StartNew", methods);
            AddMethods(compilation, "System.Threading.Tasks.TaskFactory`1", "StartNew", methods);
            AddMethods(compilation, "System.Threading.ThreadPool", "QueueUserWorkItem", methods);
            AddMethods(compilation, "System.Threading.ThreadPool", "UnsafeQueueUserWorkItem", methods);
            if (parallel is null && parallelEnumerable is null && thread is null && methods.Count == 0)
            {
                return null;
            }

            return new ParallelSymbols(
                parallel,
                parallelEnumerable,
                thread,
                methods,
                compilation.GetTypeByMetadataName("System.Threading.ThreadLocal`1"),
                compilation.GetTypeByMetadataName("System.ThreadStaticAttribute"));
        }

        /// <summary>
        /// How a message names the construct when <paramref name="method"/> (a method called, or a
        /// constructor) runs the delegates it is given concurrently; null when it does not.
        /// </summary>
        public string? ConstructName(IMethodSymbol method)
        {
            var type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return null;
            }

            if (method.MethodKind == MethodKind.Constructor)
            {
                return SymbolEqualityComparer.Default.Equals(type, _thread) ? "a new Thread" : null;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _parallel))
            {
                return "Parallel." + method.Name;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _parallelEnumerable))
            {
                return "the PLINQ " + method.Name; // an operator of a query after AsParallel()
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (!_methods.Contains(definition))
            {
                return null;
            }

            return method.Name == "StartNew" ? "Task.Factory.StartNew" : type.Name + "." + method.Name;
        }

        /// <summary><c>Parallel.For</c>, any overload: the one construct whose work items come with an index.</summary>
        public bool IsParallelFor(IMethodSymbol method)
            => method.Name == "For" && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _parallel);

        private static void AddMethods(Compilation compilation, string typeName, string memberName, HashSet<IMethodSymbol> methods)
        {
            if (compilation.GetTypeByMetadataName(typeName) is not { } type)
            {
                return;
            }

            foreach (var member in type.GetMembers(memberName))
            {
                if (member is IMethodSymbol method)
                {
                    methods.Add(method.OriginalDefinition);
                }
            }
        }
    }
}
