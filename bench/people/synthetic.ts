/**
 * Synthetic but realistic UK identities for the people benchmark: common first names and surnames
 * (weighted, so Smith is common and most surnames rare), spelling variants that real contacts contain
 * (Smith/Smyth, Thompson/Thomson, Mohammed/Muhammad...), a long tail of rarer surnames, dates of birth
 * for children and adults, and postcodes in real outward codes. Seeded, so every run loads the same data.
 */

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const GIRLS = `Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily Ella Poppy Evie Elsie Charlotte Evelyn Sienna
Sofia Daisy Phoebe Sophie Alice Harper Matilda Ruby Emilia Maya Millie Isabelle Eva Luna Jessica Aria Chloe Ellie Hannah Holly Amber Megan Lauren Emma
Sarah Rebecca Laura Katie Kelly Michelle Nicola Claire Lisa Joanne Karen Louise Natalie Gemma Amy Leanne Stacey Kayleigh Chelsea Jade Shannon Courtney
Zara Aisha Fatima Maryam Amira Zainab Hafsa Catherine Katherine Kathryn Caitlin Kaitlyn Isobel Isabel Leah Zoe Lucy Molly Erin Niamh Bethany Abigail
Paige Tia Demi Keira Layla Hollie Rachel Victoria Danielle Samantha Stephanie Jennifer Amanda Donna Tracey Julie Dawn Angela Zuzanna Julia Oliwia`
  .split(/\s+/);

export const BOYS = `Oliver George Noah Arthur Harry Leo Muhammad Mohammed Mohamed Jack Charlie Oscar Jacob Henry Thomas Freddie Alfie Theo William Theodore
Archie Joshua Alexander James Isaac Edward Lucas Tommy Finley Max Logan Ethan Mason Harrison Daniel Samuel Joseph Jake Dylan Riley Liam Connor Callum
Kyle Ryan Jordan Lewis Aaron Jamie Adam Ben Luke Matthew Michael David Paul Mark Andrew Stephen Steven Christopher Craig Darren Dean Lee Leigh Wayne Gary
Jon John Jonathan Aidan Aiden Ibrahim Yusuf Omar Ali Hamza Bilal Kacper Jakub Oskar Reece Rhys Owen Tyler Bradley Scott Shane Kieran Nathan Carl Jason
Anthony Richard Robert Peter Simon Neil Ian Kevin Martin Stuart Graham`.split(/\s+/);

export const SURNAMES = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall
Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis
Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson
Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes
Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart
Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth
Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons
Berry Stone Reid Macdonald Nowak Kowalski`.split(/\s+/);

/** Spellings that turn up for the same person on different contacts. */
export const VARIANTS: Record<string, string[]> = {
  Smith: ['Smyth', 'Smythe'], Thompson: ['Thomson'], Clarke: ['Clark'], Davies: ['Davis'], Reid: ['Reed', 'Read'], Gray: ['Grey'], Stewart: ['Stuart'],
  Phillips: ['Philips'], Macdonald: ['McDonald', 'MacDonald'], Matthews: ['Mathews'], Johnson: ['Johnston'], Brown: ['Browne'], Hussain: ['Hussein'],
  Elliott: ['Elliot'], Stevens: ['Stephens'], Mohammed: ['Muhammad', 'Mohamed'], Muhammad: ['Mohammed'], Catherine: ['Kathryn', 'Katherine'],
  Steven: ['Stephen'], Jon: ['John'], Aidan: ['Aiden'], Isobel: ['Isabel'], Kaitlyn: ['Caitlin'], Leigh: ['Lee'], Zoe: ['Zoë'],
};

const PREFIXES = `Ash Black Brad Brook Cal Carl Chad Dal Dun Ed Fair Fern Glen Hal Hart Hay Hol Ken Kings Lang Lin Mar Mid Mor New Nor Oak Pen Ray Red Rich Rush
Shel Stan Sut Thorn Wal War West Whit Wood Wyn Bur Cran Ever Har Hux Law Lock Pres`.split(/\s+/);
const SUFFIXES = 'by ton ley worth field ford wood well more ham son stead land bury combe dale hurst ridge wick cott'.split(' ');

export const DISTRICTS = `NE1 NE2 NE3 NE4 NE5 NE6 NE7 NE8 NE9 NE10 NE11 NE12 NE13 NE15 NE16 NE20 NE21 NE22 NE23 NE24 NE25 NE26 NE27 NE28 NE29 NE30 NE31 NE32
NE33 NE34 NE35 NE36 NE37 NE38 NE39 NE40 NE41 NE42 NE43 NE61 NE62 NE63 NE64 NE65 NE66 SR1 SR2 SR3 SR4 SR5 SR6 SR7 SR8 DH1 DH2 DH3 DH4 DH5 DH6 DH7 DH8
DH9 DL1 DL2 DL3 DL4 DL5 DL14 DL15 DL16 DL17 TS1 TS2 TS3 TS4 TS5 TS6 TS7 TS8 TS9 TS10 TS11 TS12 TS14 TS15 TS16 TS17 TS18 TS19 TS20 TS21 TS22 TS23 TS24
TS25 TS26 TS27 TS28 TS29`.split(/\s+/);
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export interface Identity {
  firstName: string;
  lastName: string;
  sex: 'M' | 'F';
  dateOfBirth: string;
  postcode: string;
  previousSurname: string | null;
  child: boolean;
}

export class Generator {
  constructor(private readonly rand: () => number) {}

  pick<T>(list: T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }

  /**
   * Skewed towards the front of the list, roughly as in England and Wales: the first surname (Smith)
   * comes out about 2.5% of the time from the common list, so about 1.2% of everyone; the first first
   * name about 3-4% of its sex.
   */
  skewed<T>(list: T[]): T {
    return list[Math.floor(list.length * this.rand() ** 1.4)];
  }

  surname(): string {
    // Half from the common list (Smith about 1%), half from a long tail of a thousand rarer names.
    if (this.rand() < 0.5) {
      const name = this.skewed(SURNAMES);
      return VARIANTS[name] && this.rand() < 0.15 ? this.pick(VARIANTS[name]) : name;
    }
    return this.pick(PREFIXES) + this.pick(SUFFIXES);
  }

  firstName(sex: 'M' | 'F'): string {
    return this.skewed(sex === 'F' ? GIRLS : BOYS);
  }

  date(fromYear: number, toYear: number): string {
    const from = Date.UTC(fromYear, 0, 1);
    const to = Date.UTC(toYear, 11, 31);
    return new Date(from + Math.floor(this.rand() * ((to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
  }

  postcode(): string {
    return `${this.pick(DISTRICTS)} ${Math.floor(this.rand() * 10)}${this.pick([...INWARD_LETTERS])}${this.pick([...INWARD_LETTERS])}`;
  }

  identity(): Identity {
    const sex = this.rand() < 0.5 ? 'F' : 'M';
    const child = this.rand() < 0.6;
    return {
      firstName: this.firstName(sex),
      lastName: this.surname(),
      sex,
      dateOfBirth: child ? this.date(2008, 2026) : this.date(1960, 2007),
      postcode: this.postcode(),
      previousSurname: !child && sex === 'F' && this.rand() < 0.2 ? this.surname() : null,
      child,
    };
  }

  /** How the same person's name might be written on another contact: a known variant, or one slip of the keyboard. */
  misspell(name: string): string {
    if (VARIANTS[name]) return this.pick(VARIANTS[name]);
    if (name.length < 4) return name;
    const i = 1 + Math.floor(this.rand() * (name.length - 2));
    return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  }
}
