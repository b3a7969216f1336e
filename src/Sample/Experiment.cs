using TorchSharp;
using static TorchSharp.torch;

namespace Seeding.Sample
{
    /// <summary>
    /// The reproducibility tutorial's 1-10-1 MLP, twice: the "before" code that never seeds
    /// and the "after" code that seeds first. Each returns one MSE per freshly built model.
    /// </summary>
    internal static class Experiment
    {
        /// <summary>The "after" code: the seed is set first, before any model exists.</summary>
        public static float[] RunSeeded(long seed, int repeats, int epochs)
        {
            torch.manual_seed(seed);

            var mses = new float[repeats];
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                using var scope = torch.NewDisposeScope();
                using var model = nn.Sequential(nn.Linear(1, 10), nn.Linear(10, 1));
                mses[repeat] = Training.FitAndScore(model, epochs);
            }

            return mses;
        }

        /// <summary>
        /// The "before" code: nothing seeds torch's generator, so every process starts it
        /// differently. SEED003 reports where the program reaches this from Main, and is
        /// suppressed there.
        /// </summary>
        public static float[] RunUnseeded(int repeats, int epochs)
        {
            var mses = new float[repeats];
            for (int repeat = 0; repeat < repeats; repeat++)
            {
                using var scope = torch.NewDisposeScope();
                using var model = nn.Sequential(nn.Linear(1, 10), nn.Linear(10, 1));
                mses[repeat] = Training.FitAndScore(model, epochs);
            }

            return mses;
        }
    }
}
