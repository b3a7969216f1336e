using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// Whether a tree has code for the engine to summarise (<see cref="TreeShape.HasCode"/>),
    /// which decides whether a whole-program question waits for it. The engine only looks at
    /// declarations' member lists; a naive reference searches every node of the tree. Both must
    /// agree on every robustness input, whole and cut off after each of its tokens (as while
    /// typing), so no shape of broken code hides a body from the engine.
    /// </summary>
    public sealed class TreeCodeTests
    {
        private const int CutsPerDocument = 60;

        [Theory]
        [InlineData("class C { void M() { } }", true)]
        [InlineData("class C { void M() => N(); void N() { } }", true)]
        [InlineData("class C { int P { get; } = 1; }", true)]
        [InlineData("class C { int P => 1; }", true)]
        [InlineData("class C { int this[int i] => i; }", true)]
        [InlineData("class C { int P { get => 1; } }", true)]
        [InlineData("class C { static int F = 1; }", true)]
        [InlineData("class C { const int F = 1; }", false)]
        [InlineData("class C { int P { get; set; } abstract void M(); }", false)]
        [InlineData("enum E { A = 1 }", false)]
        [InlineData("namespace N { struct S { class Inner { void M() { } } } }", true)]
        [InlineData("System.Console.WriteLine();", true)]
        [InlineData("global using System;", false)]
        [InlineData("[assembly: System.Reflection.AssemblyTitle(\"x\")]", false)]
        public void HandWrittenShapes(string source, bool hasCode)
            => Assert.Equal(hasCode, DeclarationShape.For(Parse(source)).HasCode);

        [Fact]
        public void TheEngineAgreesWithAWalkOfEveryNodeOnEveryInputAndItsCuts()
        {
            var compared = 0;
            foreach (var input in RobustnessInputs.All)
            {
                foreach (var (_, text) in input.Documents)
                {
                    Compare(text, input.Name);
                    foreach (var end in Truncations.Of(text, CutsPerDocument))
                    {
                        Compare(text.Substring(0, end), input.Name + " cut at " + end);
                    }

                    compared++;
                }
            }

            Assert.True(compared > 100, "only " + compared + " documents compared");
        }

        private static void Compare(string text, string name)
        {
            var tree = Parse(text);
            var expected = tree.GetRoot().DescendantNodes().Any(IsCode);
            Assert.True(expected == DeclarationShape.For(tree).HasCode, name + ": expected " + expected + " for ..." + Truncations.Tail(text, text.Length));
        }

        private static SyntaxTree Parse(string text) => CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions);

        /// <summary>A member's body, a top-level statement, or the initialiser of a property or a non-constant field.</summary>
        private static bool IsCode(SyntaxNode node)
            => node switch
            {
                BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                    or PropertyDeclarationSyntax or IndexerDeclarationSyntax,
                GlobalStatementSyntax => true,
                EqualsValueClauseSyntax clause => clause.Parent is PropertyDeclarationSyntax
                    || (clause.Parent is VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } && !field.Modifiers.Any(SyntaxKind.ConstKeyword)),
                _ => false,
            };
    }
}
