using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>What one call of an inventory member does to one generator the flow engine follows.</summary>
    internal readonly struct CallEvent
    {
        public CallEvent(EventKind kind, Generator generator, bool seedsFromValue)
        {
            Kind = kind;
            Generator = generator;
            SeedsFromValue = seedsFromValue;
        }

        /// <summary>Seeds, reseeds or draws.</summary>
        public EventKind Kind { get; }

        /// <summary>The generator it seeds, reseeds or draws from.</summary>
        public Generator Generator { get; }

        /// <summary>A seed given a seed value (<c>torch.manual_seed(1)</c>), not a restored state.</summary>
        public bool SeedsFromValue { get; }
    }

    /// <summary>
    /// The generators the flow engine follows, as data: a row per generator says which inventory
    /// rows seed it, reseed it, or draw from it when called. The summarizer asks <see cref="Of"/>
    /// of every call with an inventory row and records the answer as an event of that generator,
    /// without naming one itself. Work put on a CUDA device is not a consumer row of the inventory
    /// but a device use (<see cref="CudaSignals"/>), which the summarizer records as a draw of
    /// <see cref="CudaUse"/>.
    /// </summary>
    internal static class GeneratorEvents
    {
        private delegate bool CallTest(RandomnessKnowledge knowledge, InventoryEntry entry, ImmutableArray<IArgumentOperation> arguments);

        /// <summary>What seeds, reseeds and draws from one generator.</summary>
        private sealed class GeneratorRow
        {
            public GeneratorRow(Generator generator, Func<InventoryEntry, bool> seeds, Func<InventoryEntry, bool> seedsFromValue, Func<InventoryEntry, bool> reseeds, CallTest draws)
            {
                Generator = generator;
                Seeds = seeds;
                SeedsFromValue = seedsFromValue;
                Reseeds = reseeds;
                Draws = draws;
            }

            public Generator Generator { get; }

            public Func<InventoryEntry, bool> Seeds { get; }

            /// <summary>Of the rows that seed: those given a seed value, not a state to restore.</summary>
            public Func<InventoryEntry, bool> SeedsFromValue { get; }

            public Func<InventoryEntry, bool> Reseeds { get; }

            /// <summary>Draws when called, given these arguments.</summary>
            public CallTest Draws { get; }
        }

        private static readonly GeneratorRow[] Table =
        {
            new GeneratorRow(
                Generator.TorchCuda,
                seeds: CudaSignals.IsCudaSeed,
                seedsFromValue: _ => true,
                reseeds: _ => false,
                draws: (_, _, _) => false),
            new GeneratorRow(
                Generator.TorchCpu,
                seeds: RandomnessKnowledge.IsTorchGlobalSeed,
                seedsFromValue: entry => entry.Member == "manual_seed",
                reseeds: RandomnessKnowledge.IsTorchGlobalReseed,
                draws: (knowledge, entry, arguments) => knowledge.TorchGlobalDraw(entry, arguments) is not null),
        };

        /// <summary>
        /// The generator that work put on a CUDA device (<see cref="CudaSignals.IsCudaUse"/>)
        /// draws from, as far as seeding order goes.
        /// </summary>
        public static Generator CudaUse => Generator.TorchCuda;

        /// <summary>
        /// What a call of the member with inventory row <paramref name="entry"/>, given
        /// <paramref name="arguments"/>, does to the generators: the seed, reseed or draw it is;
        /// null when it is none of these. The rows name different members (each is one
        /// generator's), so at most one answers.
        /// </summary>
        public static CallEvent? Of(RandomnessKnowledge knowledge, InventoryEntry entry, ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var row in Table)
            {
                if (row.Seeds(entry))
                {
                    return new CallEvent(EventKind.Seed, row.Generator, row.SeedsFromValue(entry));
                }

                if (row.Reseeds(entry))
                {
                    return new CallEvent(EventKind.Reseed, row.Generator, seedsFromValue: false);
                }

                if (row.Draws(knowledge, entry, arguments))
                {
                    return new CallEvent(EventKind.Draw, row.Generator, seedsFromValue: false);
                }
            }

            return null;
        }
    }
}
