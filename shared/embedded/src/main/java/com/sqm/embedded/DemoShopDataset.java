package com.sqm.embedded;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A synthetic, deterministic web shop (customers, products, orders, order lines) with plain-word
 * comments on every table and column: the demo data source and the fixture of the pipeline tests.
 */
public final class DemoShopDataset {
  /** The database the local runner and the tests seed the shop into. */
  public static final String DATABASE = "demo_shop";

  private static final long SEED = 20240101L;
  private static final int CUSTOMERS = 500;
  private static final int ORDERS = 5000;

  /** Orders cover this many months before the anchor date, so "last month" always has data. */
  public static final int ORDER_MONTHS = 24;

  private static final int SIGNUP_MONTHS_BEFORE_FIRST_ORDER = 24;
  private static final int LAST_SIGNUP_MONTHS_BEFORE_ANCHOR = 6;
  // The anchor lives outside the shop's schema so the engine never sees it as shop data.
  private static final String META_SCHEMA = "demo_shop_meta";
  private static final int BATCH = 1000;
  // Any constant works; it only serialises concurrent seeders of the same database.
  private static final long ADVISORY_LOCK_KEY = 0x5D3A_0001L;

  private static final String[][] COUNTRIES = {
    {"Germany", "Berlin", "Munich", "Hamburg"},
    {"France", "Paris", "Lyon", "Marseille"},
    {"Spain", "Madrid", "Barcelona", "Valencia"},
    {"Italy", "Rome", "Milan", "Naples"},
    {"Netherlands", "Amsterdam", "Rotterdam"},
    {"Belgium", "Brussels", "Antwerp"},
    {"Austria", "Vienna", "Graz"},
    {"Switzerland", "Zurich", "Geneva"},
    {"Poland", "Warsaw", "Krakow", "Gdansk"},
    {"Sweden", "Stockholm", "Gothenburg"},
    {"Portugal", "Lisbon", "Porto", "Braga"},
    {"Ireland", "Dublin", "Cork"},
  };
  // Relative weight of each country above: bigger markets get more customers.
  private static final int[] COUNTRY_WEIGHTS = {20, 15, 11, 11, 8, 5, 5, 5, 6, 4, 5, 5};
  private static final String[] SEGMENTS = {
    "Consumer", "Consumer", "Consumer", "Small Business", "Corporate"
  };
  private static final String[] FIRST_NAMES = {
    "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas",
    "Katrin", "Luca", "Marta", "Nils", "Olivia", "Pablo", "Quentin", "Rosa", "Sofia", "Tomas",
    "Ursula", "Victor", "Wiebke", "Xavier", "Yara", "Zoe", "Emil", "Lena", "Mateo", "Noah"
  };
  private static final String[] LAST_NAMES = {
    "Schmidt", "Dubois", "Garcia", "Rossi", "de Vries", "Peeters", "Gruber", "Meier", "Nowak",
    "Lindqvist", "Silva", "Murphy", "Weber", "Martin", "Lopez", "Bianchi", "Jansen", "Maes",
    "Huber", "Keller", "Kowalski", "Berg", "Costa", "Kelly", "Fischer", "Laurent", "Moreno",
    "Ricci", "Bakker", "Janssens"
  };
  private static final String[][] CATALOGUE = {
    {
      "Electronics",
      "40",
      "400",
      "Wireless Headphones",
      "Bluetooth Speaker",
      "USB-C Charger",
      "Smart Watch",
      "E-Reader",
      "Webcam HD",
      "Mechanical Keyboard",
      "Gaming Mouse",
      "Portable SSD",
      "Noise-Cancelling Earbuds"
    },
    {
      "Home & Kitchen",
      "15",
      "180",
      "Espresso Machine",
      "Chef Knife",
      "Cast Iron Pan",
      "Electric Kettle",
      "Blender",
      "Cutting Board",
      "Coffee Grinder",
      "Toaster",
      "Food Storage Set",
      "Stand Mixer"
    },
    {
      "Books",
      "8",
      "45",
      "Mystery Novel",
      "Cookbook",
      "Travel Guide",
      "Science Fiction Saga",
      "Biography",
      "Children's Picture Book",
      "History Atlas",
      "Poetry Collection",
      "Business Handbook",
      "Graphic Novel"
    },
    {
      "Clothing",
      "12",
      "150",
      "Rain Jacket",
      "Wool Sweater",
      "Running Shoes",
      "Denim Jeans",
      "Cotton T-Shirt",
      "Winter Boots",
      "Summer Dress",
      "Leather Belt",
      "Baseball Cap",
      "Hiking Socks"
    },
    {
      "Sports & Outdoors",
      "10",
      "300",
      "Yoga Mat",
      "Camping Tent",
      "Mountain Bike Helmet",
      "Dumbbell Set",
      "Trekking Poles",
      "Sleeping Bag",
      "Tennis Racket",
      "Water Bottle",
      "Fitness Tracker Band",
      "Kayak Paddle"
    },
    {
      "Beauty",
      "5",
      "90",
      "Face Cream",
      "Shampoo",
      "Perfume",
      "Lip Balm",
      "Hair Dryer",
      "Sunscreen",
      "Nail Polish Set",
      "Beard Trimmer",
      "Body Lotion",
      "Makeup Brush Set"
    },
    {
      "Toys & Games",
      "8",
      "120",
      "Building Blocks",
      "Board Game",
      "Jigsaw Puzzle",
      "Plush Bear",
      "Remote Control Car",
      "Card Game",
      "Dollhouse",
      "Science Kit",
      "Toy Train Set",
      "Art Supplies Box"
    },
    {
      "Garden",
      "6",
      "250",
      "Garden Hose",
      "Pruning Shears",
      "Lawn Mower",
      "Flower Seeds Pack",
      "Watering Can",
      "Garden Gloves",
      "Compost Bin",
      "Solar Garden Lights",
      "Bird Feeder",
      "Raised Bed Kit"
    },
  };

  private DemoShopDataset() {}

  /**
   * Creates and fills the shop tables in schema {@code public} unless they already hold data, with
   * orders in the {@value #ORDER_MONTHS} months before today (UTC). Today becomes the dataset's
   * anchor date and is stored with it: later calls, and restarts, keep the same rows.
   */
  public static void seed(DataSource ds) {
    seed(ds, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * Like {@link #seed(DataSource)} with a given anchor date: the same anchor gives the same rows on
   * every run and every machine. Ignored when the shop already holds data.
   */
  public static void seed(DataSource ds, LocalDate anchor) {
    try (Connection c = ds.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        seedInTransaction(c, anchor);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
      try (Statement s = c.createStatement()) {
        // Fresh statistics so estimated row counts (pg_class.reltuples) are right for
        // introspection.
        s.execute("ANALYZE public.customers, public.products, public.orders, public.order_items");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not seed the demo shop dataset", e);
    }
  }

  /**
   * The anchor date the shop in {@code ds} was seeded with: its orders end the day before. Tests
   * derive their expectations from it.
   */
  public static LocalDate anchorDate(DataSource ds) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        // A shop seeded before the anchor was stored ends the day before its anchor.
        ResultSet rs =
            s.executeQuery(
                "SELECT COALESCE((SELECT max(anchor_date) FROM "
                    + META_SCHEMA
                    + ".dataset), (SELECT max(order_date) + 1 FROM public.orders))")) {
      rs.next();
      if (rs.getDate(1) == null) {
        throw new IllegalStateException("the demo shop has not been seeded");
      }
      return rs.getDate(1).toLocalDate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the demo shop's anchor date", e);
    }
  }

  /** First day with orders for a shop anchored at {@code anchor}. */
  public static LocalDate firstOrderDay(LocalDate anchor) {
    return anchor.minusMonths(ORDER_MONTHS);
  }

  /** Last day with orders for a shop anchored at {@code anchor}: the day before it. */
  public static LocalDate lastOrderDay(LocalDate anchor) {
    return anchor.minusDays(1);
  }

  private static void seedInTransaction(Connection c, LocalDate anchor) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
      for (String ddl : ddl()) {
        s.execute(ddl);
      }
      try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM public.customers)")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + META_SCHEMA + ".dataset (anchor_date) VALUES (?)")) {
      ps.setDate(1, Date.valueOf(anchor));
      ps.executeUpdate();
    }
    Random random = new Random(SEED);
    List<LocalDate> signups = insertCustomers(c, random, anchor);
    List<BigDecimal> prices = insertProducts(c, random);
    insertOrders(c, random, signups, prices, anchor);
  }

  private static List<String> ddl() {
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + META_SCHEMA,
        "CREATE TABLE IF NOT EXISTS " + META_SCHEMA + ".dataset (anchor_date date NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS public.customers (
          id integer PRIMARY KEY,
          name text NOT NULL,
          email text NOT NULL UNIQUE,
          country text NOT NULL,
          city text NOT NULL,
          segment text NOT NULL,
          signup_date date NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS public.products (
          id integer PRIMARY KEY,
          name text NOT NULL UNIQUE,
          category text NOT NULL,
          unit_price numeric(10,2) NOT NULL CHECK (unit_price > 0))""",
        """
        CREATE TABLE IF NOT EXISTS public.orders (
          id integer PRIMARY KEY,
          customer_id integer NOT NULL REFERENCES public.customers(id),
          order_date date NOT NULL,
          status text NOT NULL,
          total_amount numeric(12,2) NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS public.order_items (
          id integer PRIMARY KEY,
          order_id integer NOT NULL REFERENCES public.orders(id),
          product_id integer NOT NULL REFERENCES public.products(id),
          quantity integer NOT NULL CHECK (quantity > 0),
          unit_price numeric(10,2) NOT NULL,
          line_total numeric(12,2) NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON public.orders(customer_id)",
        "CREATE INDEX IF NOT EXISTS orders_order_date_idx ON public.orders(order_date)",
        "CREATE INDEX IF NOT EXISTS order_items_order_id_idx ON public.order_items(order_id)",
        "CREATE INDEX IF NOT EXISTS order_items_product_id_idx ON public.order_items(product_id)",
        "COMMENT ON TABLE public.customers IS 'Customers (clients, buyers, shoppers) who have an account in the shop'",
        "COMMENT ON COLUMN public.customers.id IS 'Unique customer number'",
        "COMMENT ON COLUMN public.customers.name IS 'Full name of the customer'",
        "COMMENT ON COLUMN public.customers.email IS 'Email address of the customer'",
        "COMMENT ON COLUMN public.customers.country IS 'Country the customer lives in (nation, market)'",
        "COMMENT ON COLUMN public.customers.city IS 'City the customer lives in (town, location)'",
        "COMMENT ON COLUMN public.customers.segment IS 'Customer segment (type of customer): Consumer, Small Business or Corporate'",
        "COMMENT ON COLUMN public.customers.signup_date IS 'Date the customer signed up (registered, joined, created the account)'",
        "COMMENT ON TABLE public.products IS 'Products (articles, items, goods) the shop sells'",
        "COMMENT ON COLUMN public.products.id IS 'Unique product number'",
        "COMMENT ON COLUMN public.products.name IS 'Name of the product'",
        "COMMENT ON COLUMN public.products.category IS 'Product category (department, product group), e.g. Electronics or Books'",
        "COMMENT ON COLUMN public.products.unit_price IS 'Current list price of one unit of the product in EUR'",
        "COMMENT ON TABLE public.orders IS 'Orders (purchases, sales, transactions) placed by customers'",
        "COMMENT ON COLUMN public.orders.id IS 'Unique order number'",
        "COMMENT ON COLUMN public.orders.customer_id IS 'The customer who placed the order'",
        "COMMENT ON COLUMN public.orders.order_date IS 'Date the order was placed (purchase date)'",
        "COMMENT ON COLUMN public.orders.status IS 'Order status: delivered, shipped, cancelled or returned'",
        "COMMENT ON COLUMN public.orders.total_amount IS 'Order value / revenue of the order in EUR: sum of its line totals'",
        "COMMENT ON TABLE public.order_items IS 'Order lines (order items, line items): one product in an order, with quantity and price'",
        "COMMENT ON COLUMN public.order_items.id IS 'Unique order line number'",
        "COMMENT ON COLUMN public.order_items.order_id IS 'The order this line belongs to'",
        "COMMENT ON COLUMN public.order_items.product_id IS 'The product sold on this line'",
        "COMMENT ON COLUMN public.order_items.quantity IS 'Number of units sold on this line (quantity, units)'",
        "COMMENT ON COLUMN public.order_items.unit_price IS 'Price of one unit in EUR at the time of the order'",
        "COMMENT ON COLUMN public.order_items.line_total IS 'Revenue of this line (sales amount in EUR): quantity × unit price'");
  }

  private static List<LocalDate> insertCustomers(Connection c, Random random, LocalDate anchor)
      throws SQLException {
    List<LocalDate> signups = new ArrayList<>(CUSTOMERS);
    int totalWeight = 0;
    for (int w : COUNTRY_WEIGHTS) {
      totalWeight += w;
    }
    LocalDate firstSignup = firstOrderDay(anchor).minusMonths(SIGNUP_MONTHS_BEFORE_FIRST_ORDER);
    LocalDate lastSignup = anchor.minusMonths(LAST_SIGNUP_MONTHS_BEFORE_ANCHOR);
    long signupSpan = lastSignup.toEpochDay() - firstSignup.toEpochDay() + 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO public.customers (id, name, email, country, city, segment, signup_date) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= CUSTOMERS; id++) {
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String[] country = COUNTRIES[weightedIndex(random, COUNTRY_WEIGHTS, totalWeight)];
        String city = country[1 + random.nextInt(country.length - 1)];
        LocalDate signup = firstSignup.plusDays(random.nextInt((int) signupSpan));
        signups.add(signup);
        ps.setInt(1, id);
        ps.setString(2, first + " " + last);
        ps.setString(3, (first + "." + last).toLowerCase().replace(' ', '-') + id + "@example.com");
        ps.setString(4, country[0]);
        ps.setString(5, city);
        ps.setString(6, SEGMENTS[random.nextInt(SEGMENTS.length)]);
        ps.setDate(7, Date.valueOf(signup));
        ps.addBatch();
        flushEvery(ps, id);
      }
      ps.executeBatch();
    }
    return signups;
  }

  private static List<BigDecimal> insertProducts(Connection c, Random random) throws SQLException {
    List<BigDecimal> prices = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO public.products (id, name, category, unit_price) VALUES (?, ?, ?, ?)")) {
      int id = 0;
      for (String[] category : CATALOGUE) {
        int low = Integer.parseInt(category[1]);
        int high = Integer.parseInt(category[2]);
        for (int i = 3; i < category.length; i++) {
          id++;
          int euros = low + random.nextInt(high - low + 1);
          BigDecimal price = new BigDecimal(euros + (random.nextBoolean() ? ".99" : ".49"));
          prices.add(price);
          ps.setInt(1, id);
          ps.setString(2, category[i]);
          ps.setString(3, category[0]);
          ps.setBigDecimal(4, price);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
    return prices;
  }

  private static void insertOrders(
      Connection c,
      Random random,
      List<LocalDate> signups,
      List<BigDecimal> prices,
      LocalDate anchor)
      throws SQLException {
    LocalDate firstOrderDay = firstOrderDay(anchor);
    LocalDate lastOrderDay = lastOrderDay(anchor);
    long orderSpan = lastOrderDay.toEpochDay() - firstOrderDay.toEpochDay() + 1;
    try (PreparedStatement orders =
            c.prepareStatement(
                "INSERT INTO public.orders (id, customer_id, order_date, status, total_amount) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement items =
            c.prepareStatement(
                "INSERT INTO public.order_items (id, order_id, product_id, quantity, unit_price, line_total) VALUES (?, ?, ?, ?, ?, ?)")) {
      int itemId = 0;
      for (int orderId = 1; orderId <= ORDERS; orderId++) {
        // pow < 1 skews dates towards the end: the shop grows over the two years.
        LocalDate day =
            firstOrderDay.plusDays((long) (orderSpan * Math.pow(random.nextDouble(), 0.8)));
        int customer = pickCustomer(random, signups, day);
        List<Integer> productIds = pickProducts(random, prices.size());
        BigDecimal total = BigDecimal.ZERO;
        for (int productId : productIds) {
          itemId++;
          int quantity = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(3);
          BigDecimal unitPrice = prices.get(productId - 1);
          BigDecimal lineTotal =
              unitPrice.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
          total = total.add(lineTotal);
          items.setInt(1, itemId);
          items.setInt(2, orderId);
          items.setInt(3, productId);
          items.setInt(4, quantity);
          items.setBigDecimal(5, unitPrice);
          items.setBigDecimal(6, lineTotal);
          items.addBatch();
        }
        orders.setInt(1, orderId);
        orders.setInt(2, customer);
        orders.setDate(3, Date.valueOf(day));
        orders.setString(4, status(random, day, lastOrderDay));
        orders.setBigDecimal(5, total);
        orders.addBatch();
        if (orderId % BATCH == 0 || orderId == ORDERS) {
          // Orders first: the lines reference them.
          orders.executeBatch();
          items.executeBatch();
        }
      }
    }
  }

  private static int pickCustomer(Random random, List<LocalDate> signups, LocalDate day) {
    for (int attempt = 0; attempt < 20; attempt++) {
      // Squaring skews towards low ids: a few loyal customers order much more than the rest.
      double u = random.nextDouble();
      int customer = 1 + (int) (signups.size() * u * u);
      if (!signups.get(customer - 1).isAfter(day)) {
        return customer;
      }
    }
    return 1 + random.nextInt(10);
  }

  private static List<Integer> pickProducts(Random random, int productCount) {
    int lines = 1 + random.nextInt(4);
    Set<Integer> ids = new LinkedHashSet<>();
    while (ids.size() < lines) {
      ids.add(1 + random.nextInt(productCount));
    }
    return new ArrayList<>(ids);
  }

  private static String status(Random random, LocalDate day, LocalDate lastOrderDay) {
    int roll = random.nextInt(100);
    if (day.isAfter(lastOrderDay.minusDays(10)) && roll < 60) {
      return "shipped";
    }
    if (roll < 82) {
      return "delivered";
    }
    if (roll < 88) {
      return "shipped";
    }
    return roll < 95 ? "cancelled" : "returned";
  }

  private static int weightedIndex(Random random, int[] weights, int totalWeight) {
    int roll = random.nextInt(totalWeight);
    for (int i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static void flushEvery(PreparedStatement ps, int count) throws SQLException {
    if (count % BATCH == 0) {
      ps.executeBatch();
    }
  }
}
