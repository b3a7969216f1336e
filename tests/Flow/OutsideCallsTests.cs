using System;
using System.Collections.Generic;
using System.Linq;
using Seeding.Analyzers.Flow;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// A solver over part of a program (one tree's bodies, before the rest is summarised) takes a
    /// call that may run code it does not hold to end the path. SEED002 reports a late seed of a
    /// body's own run early when no such call can run before it, which is sound only if the whole
    /// program then finds the same late seed with the same draws. Checked on random programs of
    /// the reference walk's language, with a random part of their methods held.
    /// </summary>
    public sealed class OutsideCallsTests
    {
        private const int Programs = 800;

        private readonly ITestOutputHelper _output;

        public OutsideCallsTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void ALateSeedNoOutsideCallCanRunBeforeIsTheWholeProgramsToo()
        {
            var random = new Random(20_261_202);
            var compared = 0;
            var settled = 0;
            var settledWithOutsideCalls = 0;
            var withheld = 0;
            var failures = new List<string>();
            for (var program = 0; program < Programs; program++)
            {
                var source = ReferenceWalkTests.ProgramGenerator.Generate(random, withReseed: true);
                var bodies = FlowTestKit.Summarize(FlowTestKit.Compile(source));
                var held = bodies.Where(_ => random.Next(3) != 0).ToList();
                var whole = new Solver(bodies);
                var part = new Solver(held, OutsideCalls.Stops);
                foreach (var body in held)
                {
                    var partRun = Answer(part, body);
                    var wholeRun = Answer(whole, body);
                    compared++;

                    // A path the part's solver follows is a path of the whole program: each late
                    // seed it finds is one of the whole program's, and so is each flag.
                    if (!partRun.Seeds.IsSubsetOf(wholeRun.Seeds) || (partRun.Flags & ~wholeRun.Flags) != 0)
                    {
                        failures.Add($"program {program}, {body.Key}: part {partRun}, whole {wholeRun}\n{source}");
                    }

                    foreach (var pair in partRun.DrawsBySeed)
                    {
                        if (part.MayRunOutsideBefore(body, pair.Value.Seed))
                        {
                            withheld++;
                            continue;
                        }

                        settled++;
                        if (HasOutsideCall(body, held))
                        {
                            settledWithOutsideCalls++;
                        }

                        if (!wholeRun.DrawsBySeed.TryGetValue(pair.Key, out var wholeDraws) || !wholeDraws.Draws.SequenceEqual(pair.Value.Draws))
                        {
                            failures.Add($"program {program}, {body.Key}: the seed at {pair.Key} settled by the part as {partRun}, whole program {wholeRun}\n{source}");
                        }
                    }
                }
            }

            _output.WriteLine($"{compared} bodies compared; {settled} late seeds settled by their part ({settledWithOutsideCalls} in a body with a call outside it), {withheld} withheld");
            Assert.True(failures.Count == 0, $"{failures.Count} failures; first:\n{string.Join("\n", failures.Take(3))}");
            Assert.True(settledWithOutsideCalls > 30, $"Too few settled late seeds are in bodies that call outside their part ({settledWithOutsideCalls})");
            Assert.True(withheld > 10, $"Too few late seeds were withheld ({withheld}): outside calls before a seed are not exercised");
        }

        /// <summary>A body calls a method the part does not hold.</summary>
        private static bool HasOutsideCall(BodySummary body, List<BodySummary> held)
            => body.Outline.CallTargets.Any(target => held.All(other => other.Key != target));

        private static Run Answer(Solver solver, BodySummary body)
        {
            var callable = solver.CallableOf(body);
            var effect = solver.EffectOf(callable, Entry.Unseeded, Generator.TorchCpu);
            var late = solver.Facts(callable, Entry.Unseeded, Generator.TorchCpu).LateSeeds;
            var flags = (effect.DrawsWhileUnseeded ? 1 : 0) | (effect.SeedsBeforeDrawing ? 2 : 0) | (effect.HasLateSeed ? 4 : 0) | (effect.Exits << 3);
            return new Run(flags, late);
        }

        private sealed class Run
        {
            public Run(int flags, IEnumerable<LateSeed> lateSeeds)
            {
                Flags = flags;
                DrawsBySeed = new Dictionary<int, (Site Seed, List<int> Draws)>();
                foreach (var late in lateSeeds)
                {
                    if (!DrawsBySeed.TryGetValue(late.Seed.Position, out var entry))
                    {
                        DrawsBySeed.Add(late.Seed.Position, entry = (late.Seed, new List<int>()));
                    }

                    entry.Draws.Add(late.Draw.Position);
                }

                Seeds = new HashSet<int>(DrawsBySeed.Keys);
            }

            public int Flags { get; }

            /// <summary>Each late seed (by position): its site, and its draws in the order the run recorded them.</summary>
            public Dictionary<int, (Site Seed, List<int> Draws)> DrawsBySeed { get; }

            public HashSet<int> Seeds { get; }

            public override string ToString()
                => $"flags {Flags:x}, late seeds [{string.Join(", ", DrawsBySeed.OrderBy(pair => pair.Key).Select(pair => pair.Key + "<-" + string.Join("/", pair.Value.Draws)))}]";
        }
    }
}
