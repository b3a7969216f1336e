using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Seeding.Sample
{
    /// <summary>Prints the four runs side by side and the verdict on them.</summary>
    internal static class Report
    {
        private const int ColumnWidth = 16;

        /// <summary>
        /// Writes the table and verdict; returns true when the two seeded runs match bit for bit.
        /// Unseeded runs that happen to match are reported but are not a failure: the claim under
        /// test is that the seeded code reproduces, and a default generator that started the same
        /// way twice would not make that claim wrong.
        /// </summary>
        public static bool Write(TextWriter output, Options options, float[] unseeded1, float[] unseeded2, float[] seeded1, float[] seeded2)
        {
            int repeats = options.Repeats;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"MSE of {repeats} fresh 1-10-1 models per run, {options.Epochs} epochs of Adam each; seeded runs call torch.manual_seed({options.Seed}) first."));
            output.WriteLine();
            output.WriteLine("repeat" + Cell("unseeded #1") + Cell("unseeded #2") + Cell("seeded #1") + Cell("seeded #2"));
            for (int i = 0; i < repeats; i++)
            {
                var row = new StringBuilder((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(6));
                foreach (float[] run in new[] { unseeded1, unseeded2, seeded1, seeded2 })
                {
                    row.Append(Cell(run[i].ToString("G9", CultureInfo.InvariantCulture)));
                }

                output.WriteLine(row.ToString());
            }

            output.WriteLine();
            int seededDifferent = CountDifferent(seeded1, seeded2, out int first);
            int unseededDifferent = CountDifferent(unseeded1, unseeded2, out _);

            output.WriteLine(seededDifferent == 0
                ? $"seeded runs:   identical bit for bit in all {repeats} repeats - the seeded code reproduces its results."
                : $"seeded runs:   differ in {seededDifferent} of {repeats} repeats (first at repeat {first + 1}: {Bits(seeded1[first])} vs {Bits(seeded2[first])}) - NOT reproducible.");
            output.WriteLine(unseededDifferent == 0
                ? $"unseeded runs: identical in all {repeats} repeats - unexpected: torch's default generator happened to start the same way twice."
                : $"unseeded runs: differ in {unseededDifferent} of {repeats} repeats - without a seed, every run gives different results.");
            output.WriteLine(seededDifferent == 0
                ? "verdict: OK, seeding makes the results reproducible."
                : "verdict: FAILED, the seeded runs must match bit for bit.");
            return seededDifferent == 0;
        }

        /// <summary>Compares exact bits: rounded text could hide a difference, and NaN never equals itself.</summary>
        private static int CountDifferent(float[] left, float[] right, out int first)
        {
            first = -1;
            int count = 0;
            for (int i = 0; i < left.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(left[i]) != BitConverter.SingleToInt32Bits(right[i]))
                {
                    first = first < 0 ? i : first;
                    count++;
                }
            }

            return count;
        }

        private static string Bits(float value) => "0x" + BitConverter.SingleToInt32Bits(value).ToString("X8", CultureInfo.InvariantCulture);

        private static string Cell(string text) => text.PadLeft(ColumnWidth);
    }
}
