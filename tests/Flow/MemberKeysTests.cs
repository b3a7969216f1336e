using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.Flow;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The engine's own builder of member keys must give exactly Roslyn's documentation id for
    /// every member it takes (and leave the rest to Roslyn): summaries of one compilation name
    /// their callees by these keys, so one member spelt two ways would cut a call from its body.
    /// </summary>
    public class MemberKeysTests
    {
        private const string Shapes = @"
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Outer.Inner
{
    public interface IStep { int Run(int x); int this[int i] { get; } event EventHandler Changed; }

    public abstract class Base<T> where T : class
    {
        protected Base() { }
        public abstract T Make(T seed, List<T> all, T[] many, ref T slot, out int count);
        public virtual Dictionary<string, List<T>> Index(IEnumerable<KeyValuePair<int, T>> pairs) => null!;
        public class Nested { public void Touch(T value) { } public int Field; }
    }

    public sealed class Step : Base<string>, IStep, IComparable<Step>
    {
        static Step() { }
        public Step() : base() { }
        public Step(int seed, params object[] rest) { }
        private readonly int _field = 1;
        public static int Counter;
        public const int Limit = 3;
        public int Value { get; set; }
        public static string Name => ""x"";
        public int this[int i] => i;
        public event EventHandler? Changed;
        int IStep.Run(int x) => x;
        public override string Make(string seed, List<string> all, string[] many, ref string slot, out int count) { count = 0; return seed; }
        public int CompareTo(Step? other) => 0;
        public T Generic<T, U>(T first, U second, IList<T> list, Func<T, U> map) => first;
        public void Arrays(int[] one, int[][] jagged, int[,] square, List<int[]> listOfArrays) { }
        public void Nullables(int? maybe, string? text, (int, string) pair, DateTime when, Task<int?> later) { }
        public void Refs(in int readOnly, ref int changed, out int made) { made = 0; }
        public ref int ByRef(ref int x) => ref x;
        public unsafe void Pointers(int* p) { }
        public async Task<int> RunAsync() { await Task.Yield(); return 1; }
        public static Step operator +(Step a, Step b) => a;
        public static implicit operator int(Step s) => 0;
        public static explicit operator Step(int i) => new Step();
        public void UsesNested(Base<string>.Nested nested, Step.Deep deep) { }
        public class Deep { public Deep(Step owner) { } public static Deep Make() => null!; }
        public struct Pair<TKey> { public TKey Key; public void Set(TKey key, Pair<TKey> other) { } }
        public enum Mode { A, B }
        public delegate int Transform(int x);
    }

    public static class Extensions { public static int Twice(this int value) => value * 2; public static T First<T>(this IEnumerable<T> items) => default!; }

    public record Point(int X, int Y) { public double Length() => 0; }
}

class TopLevel { void M(global::Outer.Inner.Step.Mode mode, dynamic d, object o) { } }
";

        [Fact]
        public void EveryKeyBuiltIsRoslynsDocumentationId()
        {
            var compilation = FlowTestKit.CompileUnsafe(Shapes);
            var builder = new MemberKeys();
            var built = 0;
            var members = SourceMembers(compilation.Assembly.GlobalNamespace).ToList();

            // TorchSharp's own members: thousands of overloads with every kind of signature.
            var torch = compilation.GetTypeByMetadataName("TorchSharp.torch");
            Assert.NotNull(torch);
            members.AddRange(AllMembers(torch!));

            foreach (var member in members)
            {
                if (builder.TryCreate(member) is not { } key)
                {
                    continue;
                }

                built++;
                Assert.Equal(DocumentationCommentId.CreateDeclarationId(member), key);
            }

            // Most members take the builder (the test is about those), some are left to Roslyn.
            Assert.True(built > members.Count / 2, $"the builder took {built} of {members.Count} members");
            Assert.True(built < members.Count, "some shapes (indexers, events, explicit implementations, pointers...) are left to Roslyn");
        }

        [Fact]
        public void ShapesLeftToRoslynGetNoKeyFromTheBuilder()
        {
            var compilation = FlowTestKit.CompileUnsafe(Shapes);
            var step = compilation.GetTypeByMetadataName("Outer.Inner.Step")!;
            var builder = new MemberKeys();

            Assert.Null(builder.TryCreate(step.GetMembers("this[]").Single()));
            Assert.Null(builder.TryCreate(step.GetMembers("Changed").Single()));
            Assert.Null(builder.TryCreate(step.GetMembers("Outer.Inner.IStep.Run").Single()));
            Assert.Null(builder.TryCreate(step.GetMembers("Refs").Single()));
            Assert.Null(builder.TryCreate(step.GetMembers("ByRef").Single()));
            Assert.Null(builder.TryCreate(step.GetMembers("Pointers").Single()));
            Assert.Null(builder.TryCreate(step.GetMembers("Nullables").Single())); // a tuple parameter
            Assert.Null(builder.TryCreate(compilation.GetTypeByMetadataName("Outer.Inner.Base`1+Nested")!.GetMembers("Touch").Single()));
            Assert.Equal("M:Outer.Inner.Step.Generic``2(``0,``1,System.Collections.Generic.IList{``0},System.Func{``0,``1})~``0", builder.TryCreate(step.GetMembers("Generic").Single()));
        }

        private static IEnumerable<ISymbol> SourceMembers(INamespaceOrTypeSymbol container)
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol nested && (member is INamespaceSymbol || member.Locations.Any(l => l.IsInSource)))
                {
                    foreach (var inner in SourceMembers(nested))
                    {
                        yield return inner;
                    }
                }

                if (member is not INamespaceSymbol)
                {
                    yield return member;
                }
            }
        }

        private static IEnumerable<ISymbol> AllMembers(INamedTypeSymbol type)
        {
            foreach (var member in type.GetMembers())
            {
                yield return member;
                if (member is INamedTypeSymbol nested)
                {
                    foreach (var inner in AllMembers(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
