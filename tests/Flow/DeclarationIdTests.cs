using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The engine's member keys are documentation ids built by <see cref="DeclarationIds"/>:
    /// each must be the very string <see cref="DocumentationCommentId.CreateDeclarationId"/>
    /// gives, on every member of unusual declarations and of every robustness input (broken
    /// code included), and ordinary members must not need the compiler's builder.
    /// </summary>
    public sealed class DeclarationIdTests
    {
        private const string Unusual = @"
#nullable enable
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Outer.Inner
{
    public interface IShape<T> { T Area(T scale); T this[int i] { get; } event EventHandler? Changed; }

    public delegate TResult Maker<in TIn, out TResult>(TIn input);

    public unsafe class Box<T, U> : IShape<T>, IDisposable where T : struct
    {
        public T Value;
        public const int Limit = 3;
        public static readonly List<(int Id, string Name)> Pairs = new();
        public event EventHandler? Changed;
        public event Action<T> Moved { add { } remove { } }
        public Box() { }
        static Box() { }
        ~Box() { }
        public T Area(T scale) => scale;
        T IShape<T>.this[int i] => Value;
        void IDisposable.Dispose() { }
        public U this[string key, int?[] more] { get => default!; set { } }
        [IndexerName(""Cell"")] public int this[long at] => 0;
        public Box<T, U>? Self(Box<T, U> other, Box<T, U>? maybe) => other;
        public Box<int, string> Concrete(Box<T, int> half) => new();
        public V Convert<V>(Func<T, V> map, List<V[]> all, ref V first, out U last, in int size, params object[] rest) { last = default!; return map(Value); }
        public int*[] Pointers(int* p, void** q) => new int*[0];
        public int[,] Grid(int[][] jagged, int[,,] cube, dynamic any, nint native, nuint unsigned) => new int[1, 1];
        public (int, T) Tuple((string, (int, long)) nested) => default;
        public delegate*<int, void> Function(delegate* unmanaged<long> other) => null;
        public Nested<U>.Deeper Deep(Nested<int>.Deeper one, Nested<T>.Deeper two) => default!;
        public static Box<T, U> operator +(Box<T, U> left, int right) => left;
        public static implicit operator int(Box<T, U> box) => 0;
        public static explicit operator Box<T, U>(long value) => new();
        public T Auto { get; set; }
        public int Computed => 1;
        public ref int Ref(ref readonly int x) => ref Unsafe.AsRef(in x);

        public class Nested<W>
        {
            public class Deeper
            {
                public W? Get(T t, U u, W w) => default;
                public void Generic<X>(X x, Dictionary<W, X> map, KeyValuePair<T, List<X>> pair) { }
            }
        }
    }

    public record Person(string Name, int Age)
    {
        public Person Older() => this with { Age = Age + 1 };
    }

    public record struct Point(int X, int Y);

    public enum Colour { Red, Green = 5 }

    public static class Extensions
    {
        public static int Twice(this int value) => value * 2;
        public static IEnumerable<T> Repeat<T>(this T value, int count) { for (var i = 0; i < count; i++) yield return value; }
    }

    partial class Split
    {
        partial void Hook(int x);
        partial void Hook(int x) { }
        public partial int Size { get; }
        public partial int Size => 2;
    }
}

class Global<T>
{
    public void M(T t, Global<T> g, Global<int> i) { }
}
";

        private const string Ordinary = @"
using System;
using System.Collections.Generic;
using System.Linq;

namespace Shop.Orders
{
    public sealed class Order
    {
        private readonly List<decimal> _lines = new List<decimal>();
        public Order(string customer, DateTime placed) { Customer = customer; Placed = placed; }
        public string Customer { get; }
        public DateTime Placed { get; }
        public decimal this[int index] => _lines[index];
        public void Add(decimal amount, int quantity = 1) { _lines.Add(amount * quantity); }
        public decimal Total() => _lines.Sum();
        public IReadOnlyList<decimal> Lines(Func<decimal, bool> keep, IEnumerable<int> order) => _lines.Where(keep).ToList();
        public bool TryFind(int index, out decimal amount, ref int tries) { amount = 0; return false; }
        public static Order operator +(Order order, decimal amount) { order.Add(amount); return order; }
        public int[] Counts(string[][] names, Dictionary<string, List<int>> map, int? maybe) => new int[0];
        public event EventHandler Changed { add { } remove { } }
        private static int _created;
        public class Line { public decimal Price(Order owner, Line other) => 0; }
    }
}
";

        [Fact]
        public void IdsOfUnusualDeclarationsAreTheCompilersOwn()
        {
            var compilation = RobustnessHarness.Compile(RobustnessHarness.Variants[0], new[] { RobustnessHarness.Parse(Unusual, "/Unusual.cs") });
            var checkedMembers = CheckEveryMember(compilation, new DeclarationIds());
            Assert.True(checkedMembers > 60, "only " + checkedMembers + " members checked");
        }

        [Fact]
        public void OrdinaryMembersAreSpelledWithoutTheCompilersBuilder()
        {
            var compilation = RobustnessHarness.Compile(RobustnessHarness.Variants[0], new[] { RobustnessHarness.Parse(Ordinary, "/Ordinary.cs") });
            var ids = new DeclarationIds();
            var checkedMembers = CheckEveryMember(compilation, ids);
            Assert.True(checkedMembers > 15, "only " + checkedMembers + " members checked");
            Assert.Equal(0, ids.Delegated);
        }

        [Fact]
        public void IdsOfEveryRobustnessInputAreTheCompilersOwn()
        {
            var ids = 0;
            foreach (var input in RobustnessInputs.All)
            {
                var trees = input.Documents.Select(document => RobustnessHarness.Parse(document.Text, document.Path));
                ids += CheckEveryMember(RobustnessHarness.Compile(RobustnessHarness.Variants[0], trees), new DeclarationIds());
            }

            Assert.True(ids > 1000, "only " + ids + " members checked");
        }

        /// <summary>Checks every member of every source type (implicit ones included); returns how many.</summary>
        private static int CheckEveryMember(Compilation compilation, DeclarationIds ids)
        {
            var count = 0;
            var mismatches = new List<string>();
            foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace))
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is not (IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol))
                    {
                        continue;
                    }

                    string? expected;
                    try
                    {
                        expected = DocumentationCommentId.CreateDeclarationId(member);
                    }
                    catch (System.InvalidOperationException)
                    {
                        expected = null;
                    }

                    var actual = ids.Of(member);
                    count++;
                    if (expected != actual)
                    {
                        mismatches.Add($"{member.ToDisplayString()}: expected {expected}, got {actual}");
                    }
                }
            }

            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
            return count;
        }

        private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol inner)
                {
                    foreach (var type in SourceTypes(inner))
                    {
                        yield return type;
                    }
                }
                else if (member is INamedTypeSymbol type)
                {
                    foreach (var nested in WithNested(type))
                    {
                        yield return nested;
                    }
                }
            }
        }

        private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                foreach (var deeper in WithNested(nested))
                {
                    yield return deeper;
                }
            }
        }
    }
}
