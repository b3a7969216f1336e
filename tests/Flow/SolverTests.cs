using System;
using System.Linq;
using System.Text;
using System.Threading;
using Seeding.Analyzers.Flow;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// The solver on small call graphs written as C#: effects per entry state (printed by
    /// <see cref="FlowTestKit.Describe"/> as <c>exit:U|S|U+S|none</c>, then <c>draws</c> when
    /// some path draws while unseeded and <c>seeds</c> when some path seeds before any unseeded
    /// draw), and the facts of one run.
    /// </summary>
    public sealed class SolverTests
    {
        [Fact]
        public void SelfRecursionSettlesAtTheLeastFixedPoint()
        {
            var solver = Solve(@"
static class C
{
    static bool b;
    static void Draws() { if (b) Draws(); torch.rand(1); }
    static void Seeds() { if (b) { Seeds(); return; } torch.manual_seed(1); }
    static void Spins() { Spins(); }
    static void Main() { Draws(); torch.manual_seed(1); }
}");
            Assert.Equal("exit:U draws", Describe(solver, "M:C.Draws", Entry.Unseeded));
            Assert.Equal("exit:S seeds", Describe(solver, "M:C.Seeds", Entry.Unseeded));
            Assert.Equal("exit:none", Describe(solver, "M:C.Spins", Entry.Unseeded));
            var late = Assert.Single(FlowTestKit.FactsOf(solver, "M:C.Main", Entry.Unseeded).LateSeeds);
            Assert.Equal("torch.manual_seed(1)", late.Seed.Text);
            Assert.Equal("Draws()", late.Draw.Text);
        }

        [Fact]
        public void MayRunFollowsCallsBackwardsFromTheBodiesWithTheEvent()
        {
            var solver = Solve(@"
interface IStep { void Go(); }
sealed class Seeding : IStep { public void Go() => torch.manual_seed(1); }
static class C
{
    static void Leaf() => torch.manual_seed(1);
    static void Middle() => Leaf();
    static void Top() { Middle(); System.Console.WriteLine(); }
    static void Through(IStep step) => step.Go();
    static void Draws() => torch.rand(1);
    static void Nothing() => System.Console.WriteLine();
    static void InLambda() { System.Action a = () => Middle(); a(); }
}");
            bool Seeds(string key) => solver.MayRun(solver.Bodies(key)[0], Generator.TorchCpu, EventKind.Seed);

            // A solver derived after an edit that changed the events finds the same forwards.
            var derived = Derived(solver);
            foreach (var key in new[] { "M:C.Leaf", "M:C.Top", "M:C.Through(IStep)", "M:C.InLambda", "M:C.Draws", "M:C.Nothing" })
            {
                Assert.Equal(Seeds(key), derived.MayRun(derived.Bodies(key)[0], Generator.TorchCpu, EventKind.Seed));
            }

            Assert.True(Seeds("M:C.Leaf"));
            Assert.True(Seeds("M:C.Top"));
            Assert.True(Seeds("M:C.Through(IStep)"));
            Assert.True(Seeds("M:C.InLambda"));
            Assert.False(Seeds("M:C.Draws"));
            Assert.False(Seeds("M:C.Nothing"));
            Assert.True(solver.MayRun(solver.Bodies("M:C.Draws")[0], Generator.TorchCpu, EventKind.Draw));
            Assert.False(solver.MayRun(solver.Bodies("M:C.Top")[0], Generator.TorchCpu, EventKind.Draw));
            Assert.False(solver.MayRun(solver.Bodies("M:C.Leaf")[0], Generator.TorchCuda, EventKind.Seed));
        }

        /// <summary>
        /// Bodies with no event anywhere below them that always come back pass the state through
        /// without being run; those that may not come back (a throw, an endless loop, recursion
        /// of any kind, a callee that may not) are still run, so what follows them stays unreached.
        /// (A lambda that runs itself through a delegate is not transparent either; what follows
        /// its call is reached all the same, as the delegate may still hold null.)
        /// </summary>
        [Fact]
        public void TransparentBodiesPassTheStateThroughOnlyWhenTheyAlwaysReturn()
        {
            var bodies = FlowTestKit.Summarize(FlowTestKit.Compile(@"
static class C
{
    static bool b;
    static void Plain(int x) { if (b) return; for (var i = 0; i < x; i++) x += i; }
    static void ThroughPlain(int x) { Plain(x); Plain(x + 1); }
    static void Fails() => throw new System.Exception();
    static void CallsFails() { if (b) return; Fails(); }
    static void Spins() => Spins();
    static void Ping() => Pong();
    static void Pong() => Ping();
    static void Forever() { while (true) { } }
    static void LocalSpin() { Loop(); void Loop() => Loop(); }
    static void DelegateSpin() { System.Action f = null; f = () => f(); f(); }
    static void AfterPlain() { ThroughPlain(1); torch.rand(1); }
    static void AfterFails() { Fails(); torch.rand(1); }
    static void AfterCallsFails() { CallsFails(); torch.rand(1); }
    static void AfterSpins() { Spins(); torch.rand(1); }
    static void AfterPing() { Ping(); torch.rand(1); }
    static void AfterForever() { Forever(); torch.rand(1); }
    static void AfterLocalSpin() { LocalSpin(); torch.rand(1); }
}"));
            var solver = new Solver(bodies);
            bool Transparent(string key) => solver.IsTransparent(FlowTestKit.Body(bodies, key), Generator.TorchCpu);

            Assert.True(Transparent("M:C.Plain(System.Int32)"));
            Assert.True(Transparent("M:C.ThroughPlain(System.Int32)"));
            foreach (var stops in new[] { "M:C.Fails", "M:C.Spins", "M:C.Ping", "M:C.Pong", "M:C.Forever", "M:C.LocalSpin", "M:C.DelegateSpin" })
            {
                Assert.False(Transparent(stops), stops);
            }

            Assert.False(Transparent("M:C.AfterPlain"));
            Assert.Equal("exit:U", Describe(solver, "M:C.CallsFails", Entry.Unseeded));
            Assert.Equal("exit:S", Describe(solver, "M:C.Plain(System.Int32)", Entry.Seeded));
            Assert.Equal("exit:U draws", Describe(solver, "M:C.AfterPlain", Entry.Unseeded));
            Assert.Equal("exit:U draws", Describe(solver, "M:C.AfterCallsFails", Entry.Unseeded));
            foreach (var unreached in new[] { "M:C.AfterFails", "M:C.AfterSpins", "M:C.AfterPing", "M:C.AfterForever", "M:C.AfterLocalSpin" })
            {
                var described = Describe(solver, unreached, Entry.Unseeded);
                Assert.True(described == "exit:none", unreached + ": " + described);
            }
        }

        private const string MutualA = "    static void A() { if (b) { B(); return; } torch.manual_seed(1); }\n";
        private const string MutualB = "    static void B() { torch.rand(1); A(); }\n";

        /// <summary>A seeds or goes through B, which draws and then calls A: each order of declaration and of asking gives the same answers.</summary>
        [Theory]
        [InlineData(true, true)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        [InlineData(false, false)]
        public void MutualRecursionGivesTheSameAnswersInAnyOrder(bool declareAFirst, bool askAFirst)
        {
            var source = "static class C\n{\n    static bool b;\n" + (declareAFirst ? MutualA + MutualB : MutualB + MutualA) + "}";
            var solver = Solve(source);
            var order = askAFirst ? new[] { "M:C.A", "M:C.B" } : new[] { "M:C.B", "M:C.A" };
            var answers = order.ToDictionary(key => key, key => Describe(solver, key, Entry.Unseeded));

            Assert.Equal("exit:S draws seeds", answers["M:C.A"]);
            Assert.Equal("exit:S draws", answers["M:C.B"]);
            Assert.Equal("exit:S", Describe(solver, "M:C.A", Entry.Seeded));
            Assert.Equal("exit:S", Describe(solver, "M:C.B", Entry.Seeded));

            // In B, A runs after B's draw and seeds before drawing: the call is a late seed.
            var late = Assert.Single(FlowTestKit.FactsOf(solver, "M:C.B", Entry.Unseeded).LateSeeds);
            Assert.Equal("A()", late.Seed.Text);
            Assert.Equal("torch.rand(1)", late.Draw.Text);
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.A", Entry.Unseeded).LateSeeds);
        }

        /// <summary>
        /// 10,000 methods each calling the next, the last drawing: answered exactly, on a thread
        /// with a 256 KB stack, which a recursion across bodies would overflow (and kill the run).
        /// </summary>
        [Fact]
        public void ALongCallChainIsAnsweredExactlyWithoutRecursionAcrossBodies()
        {
            const int Length = 10_000;
            var source = new StringBuilder("static class C\n{\n    static void Main() { M0(); torch.manual_seed(1); }\n");
            for (var i = 0; i < Length; i++)
            {
                source.Append("    static void M").Append(i).Append("() => M").Append(i + 1).Append("();\n");
            }

            source.Append("    static void M").Append(Length).Append("() => torch.rand(1);\n}\n");
            var solver = Solve(source.ToString());

            var derived = Derived(solver);
            string? first = null, middle = null, seededMiddle = null;
            int? lateSeeds = null;
            bool? firstMayDraw = null, firstMaySeed = null;
            Exception? failure = null;
            var thread = new Thread(
                () =>
                {
                    try
                    {
                        firstMayDraw = derived.MayRun(derived.Bodies("M:C.M0")[0], Generator.TorchCpu, EventKind.Draw);
                        firstMaySeed = derived.MayRun(derived.Bodies("M:C.M0")[0], Generator.TorchCpu, EventKind.Seed);
                        first = Describe(solver, "M:C.M0", Entry.Unseeded);
                        middle = Describe(solver, "M:C.M5000", Entry.Unseeded);
                        seededMiddle = Describe(solver, "M:C.M5000", Entry.Seeded);
                        lateSeeds = FlowTestKit.FactsOf(solver, "M:C.Main", Entry.Unseeded).LateSeeds.Count;
                    }
                    catch (Exception exception)
                    {
                        failure = exception;
                    }
                },
                maxStackSize: 256 * 1024);
            thread.Start();
            thread.Join();

            Assert.Null(failure);
            Assert.True(firstMayDraw);
            Assert.False(firstMaySeed);
            Assert.Equal("exit:U draws", first);
            Assert.Equal("exit:U draws", middle);
            Assert.Equal("exit:S", seededMiddle);
            Assert.Equal(1, lateSeeds);
        }

        /// <summary>
        /// A body calling many others in sequence runs once: each callee, met for the first time,
        /// is answered first, so the caller's run goes on past it. Starting every callee at
        /// "never returns" and running the caller again once each settled ran it once per callee,
        /// a cost growing with the square of its size (201 runs here).
        /// </summary>
        [Fact]
        public void ABodyCallingManyInSequenceRunsOnce()
        {
            const int Callees = 100;
            var source = new StringBuilder("static class C\n{\n    static void Main()\n    {\n");
            for (var i = 0; i < Callees; i++)
            {
                source.Append("        L").Append(i).Append("();\n");
            }

            source.Append("        torch.manual_seed(1);\n    }\n");
            for (var i = 0; i < Callees; i++)
            {
                source.Append("    static void L").Append(i).Append("() => torch.rand(1);\n");
            }

            var solver = Solve(source.Append("}\n").ToString());

            Assert.Equal("exit:S draws", Describe(solver, "M:C.Main", Entry.Unseeded));
            Assert.Equal(Callees + 1, solver.BodyRuns); // Main, then each callee, once
            Assert.Equal("exit:U draws", Describe(solver, "M:C.L7", Entry.Unseeded));
            Assert.Equal(Callees + 1, solver.BodyRuns); // settled in the first question
        }

        /// <summary>
        /// A cycle of calls back into the body a question was asked about, with bodies on it that
        /// call others: the answers are the same whichever body is asked about first.
        /// </summary>
        [Fact]
        public void ACycleGetsTheSameAnswersWhicheverBodyIsAskedFirst()
        {
            const string Source = @"
static class C
{
    static bool b;
    static void S() { if (b) T(); torch.rand(1); }
    static void T() { S(); U(); torch.manual_seed(1); }
    static void U() { if (b) S(); }
}";
            var keys = new[] { "M:C.S", "M:C.T", "M:C.U" };
            foreach (var first in keys)
            {
                var solver = Solve(Source);
                Describe(solver, first, Entry.Unseeded);
                Assert.Equal("exit:U+S draws", Describe(solver, "M:C.S", Entry.Unseeded));
                Assert.Equal("exit:S draws", Describe(solver, "M:C.T", Entry.Unseeded));
                Assert.Equal("exit:U+S draws", Describe(solver, "M:C.U", Entry.Unseeded));
                Assert.Equal("exit:S", Describe(solver, "M:C.T", Entry.Seeded));
            }
        }

        /// <summary>
        /// A dispatcher calling many bodies that call it back (a visitor's shape) is one cycle,
        /// solved once by one worklist: no nested questions into it, which would solve the cycle
        /// again at every level of nesting.
        /// </summary>
        [Fact]
        public void AWideCycleIsSolvedOnceNotAtEveryLevelOfNesting()
        {
            const int Cases = 40;
            var source = new StringBuilder("static class C\n{\n    static int n;\n    static void Visit()\n    {\n        switch (n)\n        {\n");
            for (var i = 0; i < Cases; i++)
            {
                source.Append("            case ").Append(i).Append(": V").Append(i).Append("(); break;\n");
            }

            source.Append("        }\n    }\n");
            for (var i = 0; i < Cases; i++)
            {
                source.Append("    static void V").Append(i).Append("() { if (n > 0) Visit(); torch.rand(1); }\n");
            }

            var solver = Solve(source.Append("}\n").ToString());

            Assert.Equal("exit:U draws", Describe(solver, "M:C.Visit", Entry.Unseeded));
            Assert.False(solver.ReachesNoCycle(solver.Bodies("M:C.V3")[0]));
            Assert.InRange(solver.BodyRuns, Cases + 1, 3 * (Cases + 1)); // 82; 1,042 when nested questions went into the cycle
        }

        [Fact]
        public void ReachesNoCycleIsFalseOnACycleAndForWhatCallsIntoOne()
        {
            var solver = Solve(@"
static class C
{
    static bool b;
    static void Leaf() => torch.rand(1);
    static void Chain() { Leaf(); Leaf(); }
    static void Ping() { if (b) Pong(); }
    static void Pong() { Ping(); }
    static void IntoCycle() { Chain(); Ping(); }
    static void Self() { if (b) Self(); }
    static void Throws() { Chain(); throw new System.Exception(); }
}");
            bool Acyclic(string key) => solver.ReachesNoCycle(solver.Bodies(key)[0]);

            Assert.True(Acyclic("M:C.Leaf"));
            Assert.True(Acyclic("M:C.Chain"));
            Assert.True(Acyclic("M:C.Throws")); // stops, but calls back into nothing
            Assert.False(solver.AlwaysReturns(solver.Bodies("M:C.Throws")[0]));
            Assert.False(Acyclic("M:C.Ping"));
            Assert.False(Acyclic("M:C.Pong"));
            Assert.False(Acyclic("M:C.IntoCycle"));
            Assert.False(Acyclic("M:C.Self"));
        }

        [Fact]
        public void AnInterfaceCallRunsAnyImplementation()
        {
            var solver = Solve(@"
interface I { void Run(); }
sealed class Quiet : I { public void Run() { } }
sealed class Drawing : I { void I.Run() => torch.rand(1); }
static class C
{
    static void Use(I i) { i.Run(); }
    static void UseQuiet(Quiet q) { q.Run(); }
}");
            Assert.Equal("exit:U draws", Describe(solver, "M:C.Use(I)", Entry.Unseeded));
            Assert.Equal("exit:U", Describe(solver, "M:C.UseQuiet(Quiet)", Entry.Unseeded));
        }

        [Fact]
        public void AnAbstractCallRunsTheOverridesAndAVirtualCallAlsoItsOwnBody()
        {
            var solver = Solve(@"
abstract class A { public abstract void Go(); }
sealed class Seeder : A { public override void Go() => torch.manual_seed(1); }
class V { public virtual void Go() { } }
class W : V { public override void Go() => torch.manual_seed(1); }
class X : V { public override void Go() { base.Go(); } }
static class C
{
    static void UseA(A a) { a.Go(); torch.rand(1); }
    static void UseV(V v) { v.Go(); torch.rand(1); }
    static void UseX(X x) { x.Go(); torch.rand(1); }
}");
            Assert.Equal("exit:S seeds", Describe(solver, "M:C.UseA(A)", Entry.Unseeded));
            Assert.Equal("exit:U+S draws seeds", Describe(solver, "M:C.UseV(V)", Entry.Unseeded));
            Assert.Equal("exit:U draws", Describe(solver, "M:C.UseX(X)", Entry.Unseeded));
        }

        [Fact]
        public void CodeAfterAHelperThatNeverReturnsIsUnreached()
        {
            var solver = Solve(@"
static class C
{
    static bool b;
    static void Fail() { if (b) throw new System.Exception(); else throw new System.InvalidOperationException(); }
    static void Loops() { while (true) { } }
    static void M() { if (b) { Fail(); torch.rand(1); } }
    static void N() { if (b) { Loops(); torch.rand(1); } torch.manual_seed(1); }
}");
            Assert.Equal("exit:none", Describe(solver, "M:C.Fail", Entry.Unseeded));
            Assert.Equal("exit:none", Describe(solver, "M:C.Loops", Entry.Either));
            Assert.Equal("exit:U", Describe(solver, "M:C.M", Entry.Unseeded));
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.M", Entry.Unseeded).UnseededDraws);
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.N", Entry.Unseeded).LateSeeds);
        }

        [Fact]
        public void EachEntryStateHasItsOwnAnswer()
        {
            var solver = Solve(@"
static class C
{
    static void D() { torch.rand(1); }
    static void S() { torch.manual_seed(1); }
    static void DS() { torch.rand(1); torch.manual_seed(1); }
}");
            Assert.Equal("exit:U draws", Describe(solver, "M:C.D", Entry.Unseeded));
            Assert.Equal("exit:S", Describe(solver, "M:C.D", Entry.Seeded));
            Assert.Equal("exit:U+S draws", Describe(solver, "M:C.D", Entry.Either));
            Assert.Equal("exit:S seeds", Describe(solver, "M:C.S", Entry.Unseeded));
            Assert.Equal("exit:S", Describe(solver, "M:C.S", Entry.Seeded));
            Assert.Equal("exit:S seeds", Describe(solver, "M:C.S", Entry.Either));
            Assert.Equal("exit:S draws", Describe(solver, "M:C.DS", Entry.Unseeded));

            Assert.False(Assert.Single(FlowTestKit.FactsOf(solver, "M:C.D", Entry.Unseeded).UnseededDraws).SeededOnOtherPaths);
            Assert.True(Assert.Single(FlowTestKit.FactsOf(solver, "M:C.D", Entry.Either).UnseededDraws).SeededOnOtherPaths);
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.D", Entry.Seeded).UnseededDraws);
            Assert.Single(FlowTestKit.FactsOf(solver, "M:C.DS", Entry.Unseeded).LateSeeds);
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.DS", Entry.Seeded).LateSeeds);
        }

        [Fact]
        public void AReseedMakesTheGeneratorUnseededAgain()
        {
            var solver = Solve(@"
static class C
{
    static void R() { torch.manual_seed(1); torch.seed(); torch.rand(1); }
    static void Late() { torch.rand(1); torch.seed(); torch.manual_seed(1); }
}");
            Assert.Equal("exit:U draws seeds", Describe(solver, "M:C.R", Entry.Unseeded));
            Assert.Equal("exit:U draws", Describe(solver, "M:C.R", Entry.Seeded));

            // A reseed does not undo a pending draw: the seed after it is still late.
            var late = Assert.Single(FlowTestKit.FactsOf(solver, "M:C.Late", Entry.Unseeded).LateSeeds);
            Assert.Equal("torch.rand(1)", late.Draw.Text);
        }

        /// <summary>
        /// A helper that reseeds and then draws, called after a seed: the caller's run draws while
        /// unseeded just as if the helper's code were written in it (compare <c>Inline</c>), so its
        /// effect says so, and a caller that seeds after it seeds late.
        /// </summary>
        [Fact]
        public void ADrawAfterAReseedInACalleeCountsForTheCallerEnteredSeeded()
        {
            var solver = Solve(@"
static class C
{
    static void Reseeds() { torch.seed(); torch.rand(1); }
    static void Inline() { torch.manual_seed(1); torch.seed(); torch.rand(1); }
    static void Called() { torch.manual_seed(1); Reseeds(); }
    static void Outer() { Called(); torch.manual_seed(2); }
}");
            Assert.Equal("exit:U draws", Describe(solver, "M:C.Reseeds", Entry.Seeded));
            Assert.Equal("exit:U draws seeds", Describe(solver, "M:C.Inline", Entry.Unseeded));
            Assert.Equal("exit:U draws seeds", Describe(solver, "M:C.Called", Entry.Unseeded));
            var late = Assert.Single(FlowTestKit.FactsOf(solver, "M:C.Outer", Entry.Unseeded).LateSeeds);
            Assert.Equal("torch.manual_seed(2)", late.Seed.Text);
        }

        /// <summary>
        /// A helper that draws and then seeds on one path and does neither on the other leaves no
        /// draw pending: a seed after it is not late (no path has an unseeded draw that no seed followed).
        /// </summary>
        [Fact]
        public void ACalleeThatSeedsAfterItsOwnDrawLeavesNoDrawPending()
        {
            var solver = Solve(@"
static class C
{
    static bool b;
    static void Warm() { if (b) { torch.rand(1); torch.manual_seed(2); } }
    static void Outer() { Warm(); torch.manual_seed(1); }
}");
            Assert.Single(FlowTestKit.FactsOf(solver, "M:C.Warm", Entry.Unseeded).LateSeeds);
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.Outer", Entry.Unseeded).LateSeeds);
        }

        /// <summary>
        /// A helper that may draw and then seeds: on the path where it does not draw it seeds before
        /// drawing (Effect.SeedsBeforeDrawing), so after a caller's own draw the call is a late seed.
        /// </summary>
        [Fact]
        public void ASeedReachedWithAndWithoutAPendingDrawStillSeedsBeforeDrawingOnSomePath()
        {
            var solver = Solve(@"
static class C
{
    static bool b;
    static void MaybeDraws() { if (b) torch.rand(1); torch.manual_seed(1); }
    static void Outer() { torch.rand(2); MaybeDraws(); }
}");
            Assert.Equal("exit:S draws seeds", Describe(solver, "M:C.MaybeDraws", Entry.Unseeded));
            var late = Assert.Single(FlowTestKit.FactsOf(solver, "M:C.Outer", Entry.Unseeded).LateSeeds);
            Assert.Equal("MaybeDraws()", late.Seed.Text);
        }

        /// <summary>
        /// Seeds after a draw, a seed and a reseed do not seed "before drawing": the only path drew
        /// first. So after a caller's draw the call is not a late seed of the caller (the late seed
        /// is Again's own first seed, reported in Again).
        /// </summary>
        [Fact]
        public void ASeedAfterADrawASeedAndAReseedIsNotASeedBeforeDrawing()
        {
            var solver = Solve(@"
static class C
{
    static void Again() { torch.rand(1); torch.manual_seed(1); torch.seed(); torch.manual_seed(2); }
    static void Outer() { torch.rand(2); Again(); }
}");
            Assert.Equal("exit:S draws", Describe(solver, "M:C.Again", Entry.Unseeded));
            Assert.Single(FlowTestKit.FactsOf(solver, "M:C.Again", Entry.Unseeded).LateSeeds);
            Assert.Empty(FlowTestKit.FactsOf(solver, "M:C.Outer", Entry.Unseeded).LateSeeds);
        }

        /// <summary>
        /// On random programs with recursion and mutual recursion, a derived solver's forward
        /// "may run" answers (nothing carried over) equal a whole-program solver's backward ones,
        /// for every body, generator and kind, asked in any order.
        /// </summary>
        [Fact]
        public void MayRunForwardsAgreesWithMayRunBackwards()
        {
            var random = new Random(20_261_201);
            var compared = 0;
            var found = 0;
            for (var program = 0; program < 150; program++)
            {
                var bodies = FlowTestKit.Summarize(FlowTestKit.Compile(ReferenceWalkTests.ProgramGenerator.Generate(random, withReseed: true)));
                var whole = new Solver(bodies);
                var derived = Derived(whole);
                foreach (var body in bodies.OrderBy(_ => random.Next()))
                {
                    foreach (var generator in Generator.All)
                    {
                        foreach (var kind in new[] { EventKind.Seed, EventKind.Reseed, EventKind.Draw })
                        {
                            var expected = whole.MayRun(body, generator, kind);
                            Assert.Equal(expected, derived.MayRun(body, generator, kind));
                            found += expected ? 1 : 0;
                            compared++;
                        }

                        Assert.Equal(whole.MayRunAny(body, generator), derived.MayRunAny(body, generator));
                    }
                }
            }

            Assert.True(found > compared / 10 && found < compared / 2, found + " of " + compared + " may run");
        }

        private static Solver Solve(string source) => new Solver(FlowTestKit.Summarize(FlowTestKit.Compile(source)));

        /// <summary>The solver of the next compilation after an edit that changed every kind of event: nothing carried over.</summary>
        private static Solver Derived(Solver previous)
            => new Solver(previous, Array.Empty<BodySummary>(), Array.Empty<BodySummary>(), _ => false);

        private static string Describe(Solver solver, string key, Entry entry) => FlowTestKit.Describe(FlowTestKit.EffectOf(solver, key, entry));
    }
}
