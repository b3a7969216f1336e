using System.Collections.Generic;
using System.Linq;
using Seeding.Analyzers.Flow;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The summary of one body, as <see cref="FlowTestKit.Print(Seeding.Analyzers.Flow.BodySummary)"/>
    /// renders it: what the Summarizer keeps (seeds, reseeds, draws, calls into the project,
    /// lambdas where they run) and the control structure around it.
    /// </summary>
    public sealed class SummaryTests
    {
        /// <summary>A class with a condition, a counter, helpers to call, and <c>M</c> with the given statements.</summary>
        private const string Wrapper = @"
static class C
{
    static bool b;
    static int n;
    static object o;
    static bool Cond() => b;
    static void F() { }
    static int G() => n;
    static void Run(System.Action a) => a();
    static void Quote(System.Linq.Expressions.Expression<System.Func<object>> e) { }
    static System.Collections.Generic.IEnumerable<int> Items() { yield return n; }
    static object DrawIt() => torch.rand(1);

    static void M()
    {
        BODY
    }
}";

        [Theory]
        [InlineData("torch.manual_seed(1); var t = torch.rand(1); F();", "seq(seed(torch.manual_seed(1)), draw(torch.rand(1)), call(M:C.F))")]
        [InlineData("torch.seed(); torch.rand(1);", "seq(reseed(torch.seed()), draw(torch.rand(1)))")]
        [InlineData("var t = torch.rand(torch.rand(1).shape);", "seq(draw(torch.rand(1)), draw(torch.rand(torch.rand(1).shape)))")]
        public void StraightLineCodeIsASequenceInExecutionOrder(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData("if (Cond()) torch.manual_seed(1); else torch.rand(1);", "seq(call(M:C.Cond~System.Boolean), choice(seed(torch.manual_seed(1)), draw(torch.rand(1))))")]
        [InlineData("if (b) torch.rand(1);", "choice(draw(torch.rand(1)), ·)")]
        [InlineData("if (b) { } else { }", "·")]
        [InlineData("if (true) torch.rand(1); else torch.manual_seed(1);", "draw(torch.rand(1))")]
        public void IfElseIsAChoice(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData("var t = b ? torch.rand(1) : null;", "choice(draw(torch.rand(1)), ·)")]
        [InlineData("var t = b ? torch.rand(1) : torch.randn(1);", "choice(draw(torch.rand(1)), draw(torch.randn(1)))")]
        [InlineData("_ = Cond() && torch.rand(1).item<float>() > 0;", "seq(call(M:C.Cond~System.Boolean), choice(draw(torch.rand(1)), ·))")]
        [InlineData("_ = torch.rand(1).item<float>() > 0 || Cond();", "seq(draw(torch.rand(1)), choice(call(M:C.Cond~System.Boolean), ·))")]
        [InlineData("var x = o ?? torch.rand(1);", "choice(draw(torch.rand(1)), ·)")]
        [InlineData("o ??= torch.rand(1);", "choice(draw(torch.rand(1)), ·)")]
        public void TheRightSideOfConditionalOperatorsIsOptional(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData("while (b) torch.rand(1);", "loop(draw(torch.rand(1)))")]
        [InlineData("while (Cond()) torch.rand(1);", "seq(call(M:C.Cond~System.Boolean), loop(seq(draw(torch.rand(1)), call(M:C.Cond~System.Boolean))))")]
        [InlineData("do { torch.rand(1); } while (b);", "do(draw(torch.rand(1)))")]
        [InlineData("for (var i = 0; i < G(); i++) torch.rand(1);", "seq(call(M:C.G~System.Int32), loop(seq(draw(torch.rand(1)), call(M:C.G~System.Int32))))")]
        [InlineData("foreach (var x in Items()) torch.rand(1);", "seq(call(M:C.Items~System.Collections.Generic.IEnumerable{System.Int32}), loop(draw(torch.rand(1))))")]
        [InlineData("while (true) { torch.rand(1); if (b) break; }", "forever(seq(draw(torch.rand(1)), choice(break, ·)))")]
        [InlineData("for (;;) { if (b) continue; torch.rand(1); }", "forever(seq(choice(continue, ·), draw(torch.rand(1))))")]
        public void LoopsRunTheirBodyAnyNumberOfTimes(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData(
            "switch (n) { case 1: torch.manual_seed(1); break; default: torch.rand(1); break; }",
            "switch(choice(seq(seed(torch.manual_seed(1)), break), seq(draw(torch.rand(1)), break)))")]
        [InlineData(
            "switch (n) { case 1: torch.manual_seed(1); break; case 2: torch.rand(1); break; }",
            "switch(choice(seq(seed(torch.manual_seed(1)), break), seq(draw(torch.rand(1)), break), ·))")]
        [InlineData(
            "switch (G()) { case 1: case 2: F(); return; }",
            "seq(call(M:C.G~System.Int32), switch(choice(seq(call(M:C.F), return), ·)))")]
        public void ASwitchChoosesOneSectionAndWithoutDefaultMayChooseNone(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData(
            "try { torch.rand(1); } catch (System.Exception) { torch.manual_seed(1); } finally { F(); }",
            "try(draw(torch.rand(1)); catch(seed(torch.manual_seed(1))); finally(call(M:C.F)))")]
        [InlineData(
            "try { torch.rand(1); } catch (System.ArgumentException) { } catch (System.Exception) when (Cond()) { F(); }",
            "try(draw(torch.rand(1)); catch(·); catch(seq(call(M:C.Cond~System.Boolean), call(M:C.F))))")]
        [InlineData("try { torch.rand(1); } finally { }", "try(draw(torch.rand(1)); finally(·))")]
        [InlineData("try { n = 1; } catch { n = 2; }", "·")]
        public void TryKeepsItsHandlersAndFinally(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData("if (b) return; torch.rand(1); throw new System.Exception();", "seq(choice(return, ·), draw(torch.rand(1)), throw)")]
        [InlineData("throw new System.InvalidOperationException(torch.rand(1).ToString());", "seq(draw(torch.rand(1)), throw)")]
        public void ReturnAndThrowAreJumps(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Fact]
        public void ReturnWithAValueRunsTheValueFirst()
        {
            var source = "class C { static TorchSharp.torch.Tensor M() { return torch.rand(1); } }";
            Assert.Equal("seq(draw(torch.rand(1)), return)", Shape(source, "M:C.M~TorchSharp.torch.Tensor"));
        }

        [Theory]
        [InlineData("Run(() => torch.rand(1));", "seq(run#0, call(M:C.Run(System.Action))) #0=seq(draw(torch.rand(1)), return)")]
        [InlineData("System.Array.ForEach(new int[1], i => torch.rand(1));", "run#0 #0=seq(draw(torch.rand(1)), return)")]
        [InlineData("Run(F);", "seq(call(M:C.F), call(M:C.Run(System.Action)))")]
        public void ALambdaHandedToAMethodRunsDuringTheCall(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData("var lazy = new System.Lazy<object>(() => torch.rand(1));")]
        [InlineData("var thread = new System.Threading.Thread(() => torch.rand(1));")]
        [InlineData("System.Func<object> f = () => torch.rand(1);")]
        [InlineData("System.Linq.Expressions.Expression<System.Func<object>> e = () => DrawIt();")]
        [InlineData("void L() => torch.rand(1);")]
        public void ALambdaKeptForLaterDoesNotRunWhereItIsWritten(string body)
            => Assert.Equal("·", MethodShape(body));

        [Fact]
        public void ALambdaThatBecomesAnExpressionTreeDoesNotRunInTheCall()
            => Assert.Equal(
                "call(M:C.Quote(System.Linq.Expressions.Expression{System.Func{System.Object}}))",
                MethodShape("Quote(() => DrawIt());"));

        [Theory]
        [InlineData("void L() => torch.rand(1); L(); L();", "seq(run#0, run#0) #0=seq(draw(torch.rand(1)), return)")]
        [InlineData("L(); static void L() { torch.manual_seed(1); F(); }", "run#0 #0=seq(seed(torch.manual_seed(1)), call(M:C.F), return)")]
        [InlineData("void L() { if (b) L(); torch.rand(1); } L();", "run#0 #0=seq(choice(run#0, ·), draw(torch.rand(1)), return)")]
        [InlineData("Run(L); void L() => torch.rand(1);", "seq(run#0, call(M:C.Run(System.Action))) #0=seq(draw(torch.rand(1)), return)")]
        public void ALocalFunctionRunsWhereItIsCalled(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Theory]
        [InlineData("System.Action a = () => torch.rand(1); a();", "run#0 #0=seq(draw(torch.rand(1)), return)")]
        [InlineData("System.Action a; a = () => torch.rand(1); F(); a.Invoke();", "seq(call(M:C.F), run#0) #0=seq(draw(torch.rand(1)), return)")]
        [InlineData("System.Action a = () => torch.rand(1); a = () => torch.manual_seed(1); a();", "choice(run#0, run#1) #0=seq(draw(torch.rand(1)), return) #1=seq(seed(torch.manual_seed(1)), return)")]
        [InlineData("System.Action a = () => torch.rand(1); if (b) a = (System.Action)o; a();", "choice(run#0, ·) #0=seq(draw(torch.rand(1)), return)")]
        public void ADelegateLocalRunsEveryLambdaItMayHoldWhereItIsInvoked(string body, string expected)
            => Assert.Equal(expected, MethodShape(body));

        [Fact]
        public void AnIteratorIsEmptyAndItsCallIsStillACall()
        {
            var source = @"
class C
{
    static System.Collections.Generic.IEnumerable<int> It() { torch.rand(1); yield return 1; }
    static void M() { It(); }
}";
            Assert.Equal("·", Shape(source, "M:C.It~System.Collections.Generic.IEnumerable{System.Int32}"));
            Assert.Equal("call(M:C.It~System.Collections.Generic.IEnumerable{System.Int32})", Shape(source, "M:C.M"));
        }

        [Fact]
        public void ALocalIteratorDoesNotRunWhenCalled()
            => Assert.Equal("· #0=·", MethodShape("System.Collections.Generic.IEnumerable<int> L() { torch.rand(1); yield return 1; } L();")); // its body is kept empty and never run

        private const string Constructors = @"
class Base
{
    public Base() { torch.manual_seed(1); }
}

class D : Base
{
    object f = torch.rand(1);
    object P { get; } = torch.randn(1);
    static object s = torch.rand(2);

    public D() { F(); }
    public D(int x) : this() { F(); }
    public D(string s) : base() { }
    static void F() { }
}

class E : D
{
    object g = torch.rand(3);
}

class Plain
{
    object h = torch.rand(4);
}

static class Make
{
    static void M() { new E(); new Plain(); new D(1); }
}";

        [Theory]
        [InlineData("M:D.#ctor", "seq(call(F:D.f), call(P:D.P), call(M:Base.#ctor), call(M:D.F))")]
        [InlineData("M:D.#ctor(System.Int32)", "seq(call(M:D.#ctor), call(M:D.F))")]
        [InlineData("M:D.#ctor(System.String)", "seq(call(F:D.f), call(P:D.P), call(M:Base.#ctor))")]
        [InlineData("F:D.f", "draw(torch.rand(1))")]
        [InlineData("P:D.P", "draw(torch.randn(1))")]
        [InlineData("F:D.s", "draw(torch.rand(2))")]
        [InlineData("M:Make.M", "seq(call(F:E.g, M:D.#ctor), call(F:Plain.h), call(M:D.#ctor(System.Int32)))")]
        public void AConstructorRunsInitialisersThenItsBaseConstructorThenItsBody(string key, string expected)
            => Assert.Equal(expected, Shape(Constructors, key));

        [Fact]
        public void VirtualAndInterfaceCallsAreDispatchedButBaseCallsAreNot()
        {
            var source = @"
interface I { void Run(); }
abstract class A
{
    public abstract void Go();
    public virtual void V() { }
    public void Plain() { }
}
sealed class B : A
{
    public override void Go() { }
    public override void V() { base.V(); }
}
static class C
{
    static void M(I i, A a, B b) { i.Run(); a.Go(); a.V(); a.Plain(); b.V(); }
}";
            Assert.Equal("seq(dispatch(M:I.Run), dispatch(M:A.Go), dispatch(M:A.V), call(M:A.Plain), dispatch(M:B.V))", Shape(source, "M:C.M(I,A,B)"));
            Assert.Equal("call(M:A.V)", Shape(source, "M:B.V"));
        }

        [Fact]
        public void AccessorsIndexersOperatorsAndConversionsOfTheProjectAreCalls()
        {
            var source = @"
class P
{
    public int Prop { get => 0; set { } }
    public int Arrow => 1;
    public int Auto { get; set; }
    public int this[int i] => i;
    public static P operator +(P a, P b) => a;
    public static P operator -(P a) => a;
    public static implicit operator int(P p) => 0;
}
static class C
{
    static void M(P p)
    {
        var x = p.Prop;
        p.Prop = 1;
        var y = p.Arrow + p.Auto;
        var z = p[0];
        var w = p + -p;
        int v = p;
    }
}";
            Assert.Equal(
                // An auto-property's accessor has no code to run: no call (it would name no summarised body).
                "seq(call(M:P.get_Prop~System.Int32), call(M:P.set_Prop(System.Int32)), call(M:P.get_Arrow~System.Int32), "
                + "call(M:P.get_Item(System.Int32)~System.Int32), call(M:P.op_UnaryNegation(P)~P), call(M:P.op_Addition(P,P)~P), call(M:P.op_Implicit(P)~System.Int32))",
                Shape(source, "M:C.M(P)"));
        }

        [Theory]
        [InlineData("System.Console.WriteLine(1); var a = System.Math.Abs(n); var l = new System.Collections.Generic.List<int> { 1 };")]
        [InlineData("var x = 1 + 2; n = x * 3;")]
        [InlineData("")]
        public void BodiesWithNothingRelevantAreEmpty(string body)
            => Assert.Equal("·", MethodShape(body));

        [Theory]
        [InlineData(
            "var x = 1; var t = torch.rand(1);",
            "var t = torch.rand(1);",
            true)]
        [InlineData(
            "if (b) { F(); }",
            "\n\n        if (n > 1 && b)\n        {\n            F();\n        }",
            true)]
        [InlineData(
            "F(); var t = torch.rand(1);",
            "var t = torch.rand(1); F();",
            false)]
        [InlineData(
            "var t = torch.rand(1);",
            "var t = torch.rand(1); torch.manual_seed(1);",
            false)]
        [InlineData(
            "if (b) F();",
            "while (b) F();",
            false)]
        [InlineData(
            "F();",
            "Run(() => F());",
            false)]
        public void TheDigestIgnoresPositionsButNotWhatRunsInWhatOrder(string first, string second, bool same)
        {
            var before = Digest(first);
            var after = Digest(second);
            Assert.Equal(same, before == after);
        }

        /// <summary>
        /// Each projection of the digest leaves out the events it does not cover, and nothing else:
        /// a CPU draw typed changes what the CPU generator's answers depend on, never the CUDA
        /// generator's, nor which bodies may seed; a call changes every projection.
        /// </summary>
        [Theory]
        [InlineData("F();", "F(); var t = torch.rand(1);", "cpu,cpu-draw")]
        [InlineData("F();", "torch.manual_seed(1); F();", "cpu,cpu-seed")]
        [InlineData("F();", "F(); torch.seed();", "cpu,cpu-reseed")]
        [InlineData("F();", "var t = torch.ones(1).cuda(); F();", "cuda,cuda-draw")]
        [InlineData("F();", "torch.cuda.manual_seed_all(1); F();", "cuda,cuda-seed")]
        [InlineData("var t = torch.rand(1); F();", "F(); var t = torch.rand(1);", "cpu,cpu-draw")]
        [InlineData("var t = torch.rand(1); torch.manual_seed(1);", "torch.manual_seed(1); var t = torch.rand(1);", "cpu")]
        [InlineData("F();", "F(); F();", "cpu,cpu-seed,cpu-reseed,cpu-draw,cuda,cuda-seed,cuda-reseed,cuda-draw")]
        [InlineData("F();", "if (b) F();", "cpu,cpu-seed,cpu-reseed,cpu-draw,cuda,cuda-seed,cuda-reseed,cuda-draw")]
        public void EachProjectionChangesOnlyWithTheEventsItCovers(string first, string second, string changed)
        {
            var before = Body(first);
            var after = Body(second);
            var names = new List<string>();
            foreach (var generator in Generator.All)
            {
                var name = generator == Generator.TorchCpu ? "cpu" : "cuda";
                Add(BodyOutline.AllBits(generator), name);
                foreach (var kind in new[] { EventKind.Seed, EventKind.Reseed, EventKind.Draw })
                {
                    Add(BodyOutline.Bit(generator, kind), name + "-" + kind.ToString().ToLowerInvariant());
                }
            }

            Assert.Equal(changed, string.Join(",", names));
            Assert.NotEqual(before.Digest(FlowDigest.Everything), after.Digest(FlowDigest.Everything));

            void Add(int events, string name)
            {
                var projection = FlowDigest.ProjectionOf(events);
                Assert.True(projection >= 0, name + " is not a projection");
                if (before.Digest(projection) != after.Digest(projection))
                {
                    names.Add(name);
                }
            }
        }

        private static BodySummary Body(string body)
            => FlowTestKit.Body(FlowTestKit.Summarize(FlowTestKit.Compile(Wrapper.Replace("BODY", body))), "M:C.M");

        private static ulong Digest(string body)
            => FlowTestKit.Body(FlowTestKit.Summarize(FlowTestKit.Compile(Wrapper.Replace("BODY", body))), "M:C.M").Digest(FlowDigest.Everything);

        private static string MethodShape(string body) => Shape(Wrapper.Replace("BODY", body), "M:C.M");

        /// <summary>A virtual or abstract auto-property is still a call: an override may have code (which the solver runs).</summary>
        [Fact]
        public void VirtualAutoPropertiesStayCallsForTheirOverrides()
        {
            var source = @"
abstract class Net
{
    public abstract int Width { get; }
    public virtual int Depth { get; }
    public int Plain { get; }
}
sealed class Wide : Net
{
    public override int Width => (int)torch.rand(1).item<float>();
}
static class C
{
    static int M(Net net) => net.Width + net.Depth + net.Plain;
}";
            Assert.Equal(
                "seq(dispatch(M:Net.get_Width~System.Int32), dispatch(M:Net.get_Depth~System.Int32), return)",
                Shape(source, "M:C.M(Net)~System.Int32"));
            var solver = new Solver(FlowTestKit.Summarize(FlowTestKit.Compile(source)));
            Assert.Equal("exit:U draws", FlowTestKit.Describe(FlowTestKit.EffectOf(solver, "M:C.M(Net)~System.Int32", Entry.Unseeded)));
        }

        /// <summary>An indexer implements its interfaces' indexers whatever [IndexerName] calls their accessors: a call through either interface runs it.</summary>
        [Fact]
        public void RenamedIndexersStillImplementTheirInterfaces()
        {
            var source = @"
interface I { int this[int i] { get; } }
interface J { [System.Runtime.CompilerServices.IndexerName(""Bar"")] int this[int i] { get; } }
sealed class C : I, J
{
    [System.Runtime.CompilerServices.IndexerName(""Foo"")]
    public int this[int i] { get { torch.rand(1); return i; } }
}
static class U
{
    static int ThroughI(I items) => items[0];
    static int ThroughJ(J items) => items[0];
}";
            var bodies = FlowTestKit.Summarize(FlowTestKit.Compile(source));
            Assert.Equal(
                new[] { "M:I.get_Item(System.Int32)~System.Int32", "M:J.get_Bar(System.Int32)~System.Int32" },
                FlowTestKit.Body(bodies, "M:C.get_Foo(System.Int32)~System.Int32").Implements.OrderBy(key => key, System.StringComparer.Ordinal));
            var solver = new Solver(bodies);
            Assert.Equal("exit:U draws", FlowTestKit.Describe(FlowTestKit.EffectOf(solver, "M:U.ThroughI(I)~System.Int32", Entry.Unseeded)));
            Assert.Equal("exit:U draws", FlowTestKit.Describe(FlowTestKit.EffectOf(solver, "M:U.ThroughJ(J)~System.Int32", Entry.Unseeded)));
        }

        /// <summary>A generic partial method is called where it is implemented (the call names the definition).</summary>
        [Fact]
        public void GenericPartialMethodsRunTheirImplementation()
        {
            var source = @"
partial class P
{
    partial void Log<T>(T value);
    partial void Log<T>(T value) { torch.rand(1); }
    void M() { Log(1); }
}";
            var solver = new Solver(FlowTestKit.Summarize(FlowTestKit.Compile(source)));
            Assert.Equal("exit:U draws", FlowTestKit.Describe(FlowTestKit.EffectOf(solver, "M:P.M", Entry.Unseeded)));
        }

        private static string Shape(string source, string key)
            => FlowTestKit.Print(FlowTestKit.Body(FlowTestKit.Summarize(FlowTestKit.Compile(source)), key));
    }
}
