package io.github.swrcache.benchmarks.peers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Line and bar charts drawn with Java2D and written as PNG, so the runner needs no
 * charting dependency.
 */
final class Charts {

	private static final Color[] COLORS = { new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
			new Color(0xFF7F0E), new Color(0x9467BD), new Color(0x8C564B), new Color(0x17BECF) };

	private static final int WIDTH = 1000;

	private static final int HEIGHT = 520;

	private static final int LEFT = 80;

	private static final int RIGHT = 20;

	private static final int TOP = 40;

	private static final int BOTTOM = 60;

	private static final int LEGEND = 26;

	private Charts() {
	}

	/**
	 * One line of a line chart; {@code NaN} values are gaps.
	 */
	record Series(String name, double[] x, double[] y) {
	}

	/**
	 * A shaded x range with a label (an outage, a warm-up).
	 */
	record Band(double from, double to, String label) {
	}

	static void lines(Path file, String title, String xLabel, String yLabel, boolean logY, List<Series> series,
			List<Band> bands) throws IOException {
		int legendRows = (series.size() + 1) / 2;
		int height = HEIGHT + legendRows * LEGEND;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = start(image, title);
		double minX = Double.MAX_VALUE;
		double maxX = -Double.MAX_VALUE;
		double minY = Double.MAX_VALUE;
		double maxY = -Double.MAX_VALUE;
		for (Series s : series) {
			for (int i = 0; i < s.x().length; i++) {
				if (Double.isNaN(s.y()[i]) || (logY && s.y()[i] <= 0)) {
					continue;
				}
				minX = Math.min(minX, s.x()[i]);
				maxX = Math.max(maxX, s.x()[i]);
				minY = Math.min(minY, s.y()[i]);
				maxY = Math.max(maxY, s.y()[i]);
			}
		}
		if (minX > maxX) {
			minX = 0;
			maxX = 1;
			minY = 1;
			maxY = 10;
		}
		if (maxX == minX) {
			maxX = minX + 1;
		}
		Scale yScale;
		if (logY) {
			double low = Math.pow(10, Math.floor(Math.log10(minY)));
			double high = Math.pow(10, Math.ceil(Math.log10(maxY)));
			if (high <= low) {
				high = low * 10;
			}
			yScale = new Scale(Math.log10(low), Math.log10(high), true);
		}
		else {
			yScale = new Scale(0, niceCeiling(Math.max(maxY, 1e-9)), false);
		}
		int plotBottom = HEIGHT - BOTTOM;
		int plotRight = WIDTH - RIGHT;
		double fMinX = minX;
		double fMaxX = maxX;
		java.util.function.DoubleUnaryOperator px = (x) -> LEFT + (x - fMinX) / (fMaxX - fMinX) * (plotRight - LEFT);
		java.util.function.DoubleUnaryOperator py = (y) -> plotBottom - yScale.fraction(y) * (plotBottom - TOP);
		for (Band band : bands) {
			int x0 = (int) px.applyAsDouble(Math.max(minX, band.from()));
			int x1 = (int) px.applyAsDouble(Math.min(maxX, band.to()));
			g.setColor(new Color(0xEEEEEE));
			g.fillRect(x0, TOP, Math.max(1, x1 - x0), plotBottom - TOP);
			g.setColor(Color.DARK_GRAY);
			g.drawString(band.label(), x0 + 4, TOP + 14);
		}
		axes(g, plotBottom, plotRight, xLabel, yLabel);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (double tick : yScale.ticks()) {
			int y = (int) py.applyAsDouble(tick);
			g.setColor(new Color(0xDDDDDD));
			g.drawLine(LEFT, y, plotRight, y);
			g.setColor(Color.BLACK);
			String label = format(tick);
			g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
		}
		for (double tick : ticks(minX, maxX)) {
			int x = (int) px.applyAsDouble(tick);
			g.setColor(Color.BLACK);
			g.drawLine(x, plotBottom, x, plotBottom + 4);
			String label = format(tick);
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, plotBottom + 18);
		}
		for (int s = 0; s < series.size(); s++) {
			Series line = series.get(s);
			// Earlier lines are wider, so a line that another one covers still shows.
			g.setStroke(new BasicStroke(2f + 1.2f * (series.size() - 1 - s)));
			g.setColor(COLORS[s % COLORS.length]);
			Path2D path = new Path2D.Double();
			boolean drawing = false;
			for (int i = 0; i < line.x().length; i++) {
				double y = line.y()[i];
				if (Double.isNaN(y) || (logY && y <= 0)) {
					drawing = false;
					continue;
				}
				double sx = px.applyAsDouble(line.x()[i]);
				double sy = py.applyAsDouble(y);
				if (drawing) {
					path.lineTo(sx, sy);
				}
				else {
					path.moveTo(sx, sy);
					drawing = true;
				}
				g.fillOval((int) sx - 2, (int) sy - 2, 5, 5);
			}
			g.draw(path);
		}
		legend(g, series.stream().map(Series::name).toList(), HEIGHT);
		finish(g, image, file);
	}

	static void bars(Path file, String title, String yLabel, List<String> labels, double[] values) throws IOException {
		int legendRows = (labels.size() + 1) / 2;
		int height = HEIGHT + legendRows * LEGEND;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = start(image, title);
		int plotBottom = HEIGHT - BOTTOM;
		int plotRight = WIDTH - RIGHT;
		double max = 0;
		for (double v : values) {
			max = Math.max(max, v);
		}
		Scale scale = new Scale(0, niceCeiling(Math.max(max, 1e-9)), false);
		axes(g, plotBottom, plotRight, "", yLabel);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (double tick : scale.ticks()) {
			int y = (int) (plotBottom - scale.fraction(tick) * (plotBottom - TOP));
			g.setColor(new Color(0xDDDDDD));
			g.drawLine(LEFT, y, plotRight, y);
			g.setColor(Color.BLACK);
			String label = format(tick);
			g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
		}
		int slot = (plotRight - LEFT) / Math.max(1, values.length);
		for (int i = 0; i < values.length; i++) {
			int top = (int) (plotBottom - scale.fraction(values[i]) * (plotBottom - TOP));
			int x = LEFT + i * slot + slot / 6;
			g.setColor(COLORS[i % COLORS.length]);
			g.fillRect(x, top, slot * 2 / 3, plotBottom - top);
			g.setColor(Color.BLACK);
			String label = format(values[i]);
			g.drawString(label, x + slot / 3 - g.getFontMetrics().stringWidth(label) / 2, top - 4);
		}
		legend(g, labels, HEIGHT);
		finish(g, image, file);
	}

	private static Graphics2D start(BufferedImage image, String title) {
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(title, LEFT, 24);
		return g;
	}

	private static void axes(Graphics2D g, int plotBottom, int plotRight, String xLabel, String yLabel) {
		g.setColor(Color.BLACK);
		g.setStroke(new BasicStroke(1f));
		g.drawLine(LEFT, TOP, LEFT, plotBottom);
		g.drawLine(LEFT, plotBottom, plotRight, plotBottom);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		FontMetrics metrics = g.getFontMetrics();
		g.drawString(xLabel, (LEFT + plotRight) / 2 - metrics.stringWidth(xLabel) / 2, plotBottom + 38);
		Graphics2D rotated = (Graphics2D) g.create();
		rotated.rotate(-Math.PI / 2);
		rotated.drawString(yLabel, -((TOP + plotBottom) / 2 + metrics.stringWidth(yLabel) / 2), 18);
		rotated.dispose();
	}

	private static void legend(Graphics2D g, List<String> names, int top) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		for (int i = 0; i < names.size(); i++) {
			int x = LEFT + (i % 2) * ((WIDTH - LEFT) / 2);
			int y = top + (i / 2) * LEGEND;
			g.setColor(COLORS[i % COLORS.length]);
			g.fillRect(x, y - 10, 18, 10);
			g.setColor(Color.BLACK);
			g.drawString(names.get(i), x + 26, y);
		}
	}

	private static void finish(Graphics2D g, BufferedImage image, Path file) throws IOException {
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private static double niceCeiling(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * magnitude >= value) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static List<Double> ticks(double min, double max) {
		double span = max - min;
		double step = niceCeiling(span / 10);
		List<Double> ticks = new ArrayList<>();
		for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
			ticks.add(t);
		}
		return ticks;
	}

	static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return String.format("%,d", (long) value);
		}
		if (Math.abs(value) >= 100) {
			return String.format("%,.0f", value);
		}
		if (Math.abs(value) >= 1) {
			return String.format("%.2f", value);
		}
		return String.format("%.3f", value);
	}

	private record Scale(double low, double high, boolean log) {

		double fraction(double value) {
			double v = this.log ? Math.log10(Math.max(value, Math.pow(10, this.low))) : value;
			return (v - this.low) / (this.high - this.low);
		}

		List<Double> ticks() {
			List<Double> ticks = new ArrayList<>();
			if (this.log) {
				for (double e = this.low; e <= this.high + 1e-9; e++) {
					ticks.add(Math.pow(10, e));
				}
			}
			else {
				for (int i = 0; i <= 5; i++) {
					ticks.add(this.low + (this.high - this.low) * i / 5);
				}
			}
			return ticks;
		}

	}

}
