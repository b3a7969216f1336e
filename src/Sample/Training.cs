using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Seeding.Sample
{
    /// <summary>
    /// Trains a model on the tutorial's series and scores it. Nothing here draws random
    /// numbers: every difference between runs comes from how the model was initialised.
    /// </summary>
    internal static class Training
    {
        /// <summary>The series 0.0, 0.1, ..., 0.9; each value is the target for the one before it.</summary>
        private static readonly float[] Series = { 0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f };

        /// <summary>
        /// Fits <paramref name="model"/> for <paramref name="epochs"/> full-batch epochs of Adam
        /// (default settings, learning rate 0.001) on mean squared error, then returns the MSE
        /// of its predictions on the training inputs.
        /// </summary>
        public static float FitAndScore(Sequential model, int epochs)
        {
            using var scope = torch.NewDisposeScope();
            int pairs = Series.Length - 1;
            Tensor x = torch.tensor(Series[..pairs], new long[] { pairs, 1 });
            Tensor y = torch.tensor(Series[1..], new long[] { pairs, 1 });

            using var optimizer = torch.optim.Adam(model.parameters());
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                using var epochScope = torch.NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss = nn.functional.mse_loss(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }

            using (torch.no_grad())
            {
                Tensor predicted = model.forward(x);
                return nn.functional.mse_loss(predicted, y).item<float>();
            }
        }
    }
}
