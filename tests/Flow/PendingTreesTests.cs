using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// When a whole-program question may be answered (<see cref="FlowProgram.IsComplete"/>,
    /// <see cref="ValueReach.IsComplete"/>, both through <see cref="PendingTrees"/>): only once
    /// every tree with code is read, whatever the order, in a cold build, after an edit in the
    /// editor, and after a change of declarations; and never before, also when trees are read
    /// concurrently.
    /// </summary>
    public sealed class PendingTreesTests
    {
        [Fact]
        public void CompleteOnlyWhenEveryTreeWithCodeIsRead()
        {
            var usings = Tree("global using System;", "/Usings.cs");
            var a = Tree("class A { void M() { } }", "/A.cs");
            var attributes = Tree("[assembly: System.Reflection.AssemblyTitle(\"x\")]", "/Attributes.cs");
            var b = Tree("class B { void M() { } }", "/B.cs");
            var c = Tree("class C { int F = 1; }", "/C.cs");
            var cold = Compile(usings, a, attributes, b, c);
            var flow = FlowProgram.For(cold);
            var reach = ValueReach.For(cold, new NoQuestion());
            AssertComplete(false, flow, reach);

            // Read out of the compilation's order: the trees without code never hold it up.
            foreach (var tree in new[] { c, b })
            {
                Read(cold, tree, flow, reach);
                AssertComplete(false, flow, reach);
            }

            Read(cold, a, flow, reach);
            AssertComplete(true, flow, reach);

            // The editor: a body edited, only its tree handed over, the rest kept.
            var bodyEdited = Tree("class B { void M() { System.Console.WriteLine(); } }", "/B.cs");
            var afterBodyEdit = cold.ReplaceSyntaxTree(b, bodyEdited);
            flow = FlowProgram.For(afterBodyEdit);
            reach = ValueReach.For(afterBodyEdit, new NoQuestion());
            AssertComplete(false, flow, reach);
            Read(afterBodyEdit, bodyEdited, flow, reach);
            AssertComplete(true, flow, reach);

            // A declaration edited: nothing kept holds, so the other trees must be read again.
            var declarationEdited = Tree("class B { void M() { } void N() { } }", "/B.cs");
            var afterDeclarationEdit = afterBodyEdit.ReplaceSyntaxTree(bodyEdited, declarationEdited);
            flow = FlowProgram.For(afterDeclarationEdit);
            reach = ValueReach.For(afterDeclarationEdit, new NoQuestion());
            Read(afterDeclarationEdit, declarationEdited, flow, reach);
            AssertComplete(false, flow, reach);
            Read(afterDeclarationEdit, a, flow, reach);
            Read(afterDeclarationEdit, c, flow, reach);
            AssertComplete(true, flow, reach);

            var noCode = Compile(Tree("global using System;", "/Only.cs"));
            Assert.True(FlowProgram.For(noCode).IsComplete);
            Assert.True(ValueReach.For(noCode, new NoQuestion()).IsComplete);
        }

        /// <summary>
        /// A tree another compilation of the same declarations summarised after this one first
        /// asked counts once it is found through the kept summaries (the set of missing trees
        /// computed up front, before PendingTrees, never learnt of it).
        /// </summary>
        [Fact]
        public void TreesKeptByAnotherCompilationAfterTheFirstQuestionCount()
        {
            var a = Tree("class A { void M() { } }", "/A.cs");
            var b = Tree("class B { void M() { } }", "/B.cs");
            var first = Compile(a, b);
            var second = (CSharpCompilation)first.Clone();
            var flow = FlowProgram.For(second);
            flow.Summarize(second.GetSemanticModel(b), isGenerated: false, CancellationToken.None);
            Assert.False(flow.IsComplete);

            FlowProgram.For(first).Summarize(first.GetSemanticModel(a), isGenerated: false, CancellationToken.None);
            flow.Summarize(second.GetSemanticModel(a), isGenerated: false, CancellationToken.None); // found among the kept summaries
            Assert.True(flow.IsComplete);
        }

        [Fact]
        public void NeverCompleteEarlyWhenTreesAreReadConcurrently()
        {
            for (var round = 0; round < 10; round++)
            {
                var trees = new List<SyntaxTree>();
                for (var i = 0; i < 80; i++)
                {
                    trees.Add(i % 7 == 3 ? Tree("global using System.Text;", $"/N{i}.cs") : Tree($"class C{i} {{ void M() {{ }} }}", $"/C{i}.cs"));
                }

                var compilation = Compile(trees.ToArray());
                var flow = FlowProgram.For(compilation);
                var reach = ValueReach.For(compilation, new NoQuestion());
                var order = trees.OrderBy(tree => (tree.FilePath.GetHashCode() * 31) + round).ToList();
                var early = 0;
                Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, tree =>
                {
                    Read(compilation, tree, flow, reach);
                    if (!flow.IsComplete)
                    {
                        return;
                    }

                    foreach (var other in trees)
                    {
                        if (DeclarationShape.For(other).HasCode && !flow.TryGet(other, out _))
                        {
                            Interlocked.Increment(ref early);
                        }
                    }
                });

                Assert.Equal(0, early);
                AssertComplete(true, flow, reach);
            }
        }

        private static void AssertComplete(bool expected, FlowProgram flow, ValueReach reach)
        {
            Assert.Equal(expected, flow.IsComplete);
            Assert.Equal(expected, reach.IsComplete);
        }

        private static void Read(Compilation compilation, SyntaxTree tree, FlowProgram flow, ValueReach reach)
        {
            var model = compilation.GetSemanticModel(tree);
            flow.Summarize(model, isGenerated: false, CancellationToken.None);
            reach.Facts(model, isGenerated: false, CancellationToken.None);
        }

        private static SyntaxTree Tree(string text, string path) => RobustnessHarness.Parse(text, path);

        private static CSharpCompilation Compile(params SyntaxTree[] trees)
            => RobustnessHarness.BaseCompilation(Libraries.TorchSharp, OutputKind.DynamicallyLinkedLibrary).AddSyntaxTrees(trees);

        /// <summary>A question that tracks nothing: these tests only ask when the facts are complete.</summary>
        private sealed class NoQuestion : IReachQuestion
        {
            public bool Carries(ITypeSymbol? type) => false;

            public bool IsTracked(IObjectCreationOperation creation) => false;

            public LibraryUseKind Classify(IOperation use, ISymbol member, out string text)
            {
                text = string.Empty;
                return LibraryUseKind.Harmless;
            }
        }
    }
}
