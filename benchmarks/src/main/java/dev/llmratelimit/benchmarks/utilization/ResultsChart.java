package dev.llmratelimit.benchmarks.utilization;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * Draws the results as a PNG with two bar panels: the share of the binding meter used and
 * the 429s the simulator sent, one bar per strategy.
 */
final class ResultsChart {

	private static final int WIDTH = 1200;

	private static final int HEIGHT = 620;

	private static final Color LIBRARY = new Color(0x2E7D32);

	private static final Color OTHERS = new Color(0x607D8B);

	private static final Color REFUSALS = new Color(0xC62828);

	private ResultsChart() {
	}

	static void write(List<StrategyResult> results, String subtitle, Path file) throws IOException {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, HEIGHT);
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
			g.drawString("Quota utilization against a simulated Anthropic API", 30, 34);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			g.drawString(subtitle, 30, 56);
			double maxUtilization = Math.max(1.0,
					results.stream().mapToDouble(StrategyResult::outputUtilization).max().orElse(1));
			panel(g, results, 30, "Output-token meter used (binding), % of limit", 110 * maxUtilization,
					(result) -> 100 * result.outputUtilization(), (result) -> 100 * result.outputUtilization(),
					(value) -> String.format(Locale.ROOT, "%.1f%%", value), 97.0, null);
			double maxRejected = Math.max(1, results.stream().mapToLong(StrategyResult::rejected).max().orElse(1));
			panel(g, results, WIDTH / 2 + 15, "Simulator 429s over the run (log scale)",
					Math.log10(1 + maxRejected) * 1.1, (result) -> Math.log10(1 + result.rejected()),
					StrategyResult::rejected, (value) -> String.format(Locale.ROOT, "%.0f", value), -1, REFUSALS);
			legend(g, results);
		}
		finally {
			g.dispose();
		}
		ImageIO.write(image, "png", file.toFile());
	}

	private static void panel(Graphics2D g, List<StrategyResult> results, int left, String title, double max,
			ToDoubleFunction<StrategyResult> height, ToDoubleFunction<StrategyResult> value,
			DoubleFunction<String> format, double goal, Color color) {
		int top = 100;
		int width = WIDTH / 2 - 60;
		int plotHeight = 360;
		int bottom = top + plotHeight;
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(title, left, top - 14);
		g.setColor(Color.GRAY);
		g.drawLine(left, bottom, left + width, bottom);
		int slot = width / results.size();
		int barWidth = slot * 3 / 5;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		FontMetrics metrics = g.getFontMetrics();
		for (int i = 0; i < results.size(); i++) {
			StrategyResult result = results.get(i);
			double v = value.applyAsDouble(result);
			int barHeight = (int) Math.round(plotHeight * Math.min(height.applyAsDouble(result), max) / max);
			int x = left + i * slot + (slot - barWidth) / 2;
			g.setColor((color != null) ? color : (result.name().startsWith("llm-ratelimit") ? LIBRARY : OTHERS));
			g.fillRect(x, bottom - barHeight, barWidth, barHeight);
			g.setColor(Color.BLACK);
			String text = format.apply(v);
			g.drawString(text, x + (barWidth - metrics.stringWidth(text)) / 2, bottom - barHeight - 5);
			g.drawString(result.label(), x + (barWidth - metrics.stringWidth(result.label())) / 2, bottom + 18);
		}
		if (goal > 0) {
			int y = bottom - (int) Math.round(plotHeight * goal / max);
			g.setColor(LIBRARY);
			g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 4 },
					0));
			g.drawLine(left, y, left + width, y);
			g.setStroke(new BasicStroke());
			String label = String.format(Locale.ROOT, "goal %.0f%%", goal);
			int labelX = left + width - metrics.stringWidth(label);
			for (int i = 0; i < results.size(); i++) {
				// under the line, above a bar that stays well below it
				if (height.applyAsDouble(results.get(i)) < goal - 15) {
					labelX = left + i * slot + (slot - metrics.stringWidth(label)) / 2;
					break;
				}
			}
			g.drawString(label, labelX, y + 16);
		}
	}

	private static void legend(Graphics2D g, List<StrategyResult> results) {
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int column = 0;
		int row = 0;
		for (StrategyResult result : results) {
			g.drawString(result.label() + " " + result.name(), 30 + column * (WIDTH / 2), 520 + row * 22);
			row++;
			if (row == 3) {
				row = 0;
				column++;
			}
		}
	}

}
