using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// <see cref="SymbolKeys.Call"/>: one record per called method, which the summaries read
    /// instead of asking the inventory. It must give the row the inventory gives, for every
    /// inventory member and for the shapes a call takes in code (reduced extension methods,
    /// constructed generics, constructors, the project's own methods).
    /// </summary>
    public sealed class CallRecordTests
    {
        private const Libraries All = Libraries.TorchVision | Libraries.MicrosoftML | Libraries.MathNet;

        [Fact]
        public void EveryInventoryMethodGetsTheRowTheInventoryGives()
        {
            var compilation = CSharpCompilation.Create(
                "Calls",
                new[] { CSharpSyntaxTree.ParseText(string.Empty) },
                TestReferences.For(All),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var knowledge = RandomnessKnowledge.For(compilation);
            var keys = new SymbolKeys(knowledge);

            var methods = knowledge.Members.Select(pair => pair.Key).OfType<IMethodSymbol>().ToList();
            Assert.True(methods.Count > 100, $"Expected the inventory's methods, found {methods.Count}.");
            foreach (var method in methods)
            {
                var record = keys.Call(method);
                Assert.Same(knowledge.Find(method), record.Entry);
                Assert.Same(record, keys.Call(method)); // one record per method
                Assert.True(record.Keys.IsEmpty, $"A library method has no project code to run: {method}");
            }
        }

        [Fact]
        public void EveryCallInCodeGetsTheRowTheInventoryGives()
        {
            const string Source = """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using TorchSharp;
                using static TorchSharp.torch;

                static class Extensions
                {
                    public static Tensor Twice(this Tensor t) => t + t;
                    public static T Echo<T>(this T value) => value;
                }

                partial class Model
                {
                    partial void Hook();
                    partial void Hook() { rand(1); }

                    public Model() { }

                    public Tensor Run(Random random)
                    {
                        Hook();
                        manual_seed(1);
                        var x = randn(3).Twice().Echo();
                        var items = new List<int> { random.Next(), random.Next(10) };
                        var shuffled = items.OrderBy(_ => random.NextDouble()).ToList();
                        var layer = nn.Linear(1, 10);
                        var generator = new Generator(7);
                        return rand(new long[] { 2 }, generator: generator) + x + layer.forward(x) + new Model().Run(new Random(shuffled.Count));
                    }
                }
                """;
            var compilation = CSharpCompilation.Create(
                "Calls",
                new[] { CSharpSyntaxTree.ParseText(Source) },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var knowledge = RandomnessKnowledge.For(compilation);
            var keys = new SymbolKeys(knowledge);
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);

            var called = new List<IMethodSymbol>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                // Operations name an extension method unreduced; the semantic model names it reduced (x.Twice()).
                if (model.GetSymbolInfo(node).Symbol is IMethodSymbol { ReducedFrom: not null } reduced)
                {
                    called.Add(reduced);
                }

                switch (model.GetOperation(node))
                {
                    case IInvocationOperation invocation:
                        called.Add(invocation.TargetMethod);
                        break;
                    case IObjectCreationOperation { Constructor: { } constructor }:
                        called.Add(constructor);
                        break;
                }
            }

            Assert.Contains(called, method => method.ReducedFrom is not null);
            Assert.Contains(called, method => method.IsGenericMethod && method.TypeArguments[0].TypeKind != TypeKind.TypeParameter); // constructed
            foreach (var method in called)
            {
                Assert.Same(knowledge.Find(method), keys.Call(method).Entry);
            }

            // The rows found are the seed, the draws and System.Random's members, not nothing.
            Assert.True(called.Count(method => keys.Call(method).Entry is not null) >= 5);

            // The project's own methods run their code; a reduced extension method runs the method it was reduced from.
            var twice = called.Where(method => method.Name == "Twice").ToList();
            Assert.Contains(twice, method => method.ReducedFrom is null); // as the operation names it
            Assert.Contains(twice, method => method.ReducedFrom is not null); // as the semantic model does
            var twiceKey = keys.Of(compilation.GetTypeByMetadataName("Extensions")!.GetMembers("Twice").Single());
            Assert.StartsWith("M:Extensions.Twice(TorchSharp.torch.Tensor)", twiceKey);
            Assert.All(twice, method => Assert.Equal(new[] { twiceKey }, keys.Call(method).Targets(dispatch: false)));
            var hook = called.Single(method => method.Name == "Hook");
            Assert.Equal(new[] { keys.Of(compilation.GetTypeByMetadataName("Model")!.GetMembers("Hook").Single()) }, keys.Call(hook).Targets(dispatch: false));
        }
    }
}
